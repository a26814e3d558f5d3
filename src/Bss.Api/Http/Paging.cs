using System.Globalization;
using Bss.Abstractions.Common;
using Bss.Domain.Common;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Http;

/// <summary>The list query (<c>page</c>, <c>size</c>, <c>sort=field,asc|desc</c>) and the page response the frontend reads.</summary>
public static class Paging
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    /// <summary>
    /// How deep a list may be paged (<c>page*size</c>): the database reads and skips every row before the page, so a
    /// deeper page costs more than any answer is worth. Beyond it a caller narrows the list with filters or a search.
    /// </summary>
    public const int MaxDepth = 10_000;

    public static PageRequest Parse(HttpContext http, IReadOnlyList<string> sortFields, FieldErrors errors)
    {
        var query = http.Request.Query;
        var page = ParseInt(query["page"], "page", 0, 0, int.MaxValue / MaxSize, errors);
        var size = ParseInt(query["size"], "size", DefaultSize, 1, MaxSize, errors);
        if ((long)page * size > MaxDepth)
        {
            errors.Add("page", string.Create(CultureInfo.InvariantCulture,
                $"must be at most {MaxDepth / size} with size {size}: a list is paged at most {MaxDepth:N0} entries deep; narrow it with filters or a search"));
            page = 0;
        }

        var sortField = "createdAt";
        var descending = true;
        var sort = query["sort"].ToString();
        if (!string.IsNullOrWhiteSpace(sort))
        {
            var parts = sort.Split(',', StringSplitOptions.TrimEntries);
            var field = sortFields.FirstOrDefault(f => string.Equals(f, parts[0], StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                errors.Add("sort", $"cannot sort by '{parts[0]}'; use one of {string.Join(", ", sortFields)}");
            }
            else
            {
                sortField = field;
            }

            if (parts.Length > 2 || (parts.Length == 2 && parts[1].ToUpperInvariant() is not ("ASC" or "DESC")))
            {
                errors.Add("sort", "must be 'field' or 'field,asc' or 'field,desc'");
            }
            else
            {
                // As in Spring Data, a field without a direction sorts ascending.
                descending = parts.Length == 2 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
            }
        }

        return new PageRequest(page, size, sortField, descending);
    }

    public static PageResponse<TOut> Respond<TIn, TOut>(Page<TIn> page, Func<TIn, TOut> map)
    {
        var totalPages = page.Size == 0 ? 0 : (int)((page.TotalElements + page.Size - 1) / page.Size);
        return new PageResponse<TOut>(
            page.Items.Select(map).ToList(),
            page.PageNumber,
            page.Size,
            page.TotalElements,
            totalPages,
            First: page.PageNumber == 0,
            Last: page.PageNumber >= totalPages - 1,
            NumberOfElements: page.Items.Count,
            Empty: page.Items.Count == 0);
    }

    private static int ParseInt(string? raw, string field, int fallback, int min, int max, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add(field, $"must be a whole number from {min} to {max}");
            return fallback;
        }

        return value;
    }
}

public sealed record PageResponse<T>(
    IReadOnlyList<T> Content,
    int Page,
    int Size,
    long TotalElements,
    int TotalPages,
    bool First,
    bool Last,
    int NumberOfElements,
    bool Empty);
