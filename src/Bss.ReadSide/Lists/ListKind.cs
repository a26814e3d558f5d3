using Bss.Abstractions.Common;
using System.Text.Json;

namespace Bss.ReadSide.Lists;

/// <summary>
/// What one kind of entity's list allows and how its rows become list items: the kind's name in the read table,
/// the sorts (API field → SQL expression), the filters and search a <typeparamref name="TSearch"/> turns into a
/// <see cref="DocumentQuery"/>, and the item a row is read into.
/// </summary>
public abstract class ListKind<TSearch, TItem>(string kind, IReadOnlyDictionary<string, string> sorts)
{
    public string Kind => kind;

    public IReadOnlyDictionary<string, string> Sorts => sorts;

    /// <summary>The fields a list may be sorted by (API names), for the request's validation: the keys of <see cref="Sorts"/>.</summary>
    public IReadOnlyList<string> SortFields { get; } = [.. sorts.Keys];

    /// <summary>A query of this kind with no conditions yet.</summary>
    public DocumentQuery Query(PageRequest page) => new(kind, page, sorts);

    /// <summary>The conditions <paramref name="search"/> asks for.</summary>
    public abstract DocumentQuery Query(TSearch search);

    /// <summary>
    /// One row's JSON as a list item. By default the item is read straight from the row: its properties are the
    /// state's own (names and types), and every other field of the state is skipped instead of materialised.
    /// </summary>
    public virtual TItem Read(string json) => Rows.Read<TItem>(json, kind);
}

public static class Rows
{
    public static T Read<T>(string json, string kind) =>
        JsonSerializer.Deserialize<T>(json, StateJson.Options) ?? throw new InvalidDataException($"Empty {kind} row in the read table.");
}
