using System.Text;
using Bss.Abstractions.Common;
using Bss.Domain.Common;
using Npgsql;
using NpgsqlTypes;

namespace Bss.ReadSide;

/// <summary>
/// A list request against the state rows of one kind of entity (orleansstorage, whose typed columns are the read
/// model: dev/postgres/001-orleans-storage.sql): conditions, free-text search, a sort chosen from an allow-list, and
/// a page. Conditions are SQL written here in code, values always parameters. A condition or sort on a state field
/// that the kind keeps in a typed column (<see cref="StateKinds"/>) reads the column, so it uses the column's index.
/// </summary>
public sealed class DocumentQuery(string kind, PageRequest page, IReadOnlyDictionary<string, string> sortExpressions)
{
    private readonly StringBuilder _where = new("kind = @kind");
    private readonly List<NpgsqlParameter> _parameters = [new("kind", NpgsqlDbType.Text) { Value = kind }];

    // While the conditions are only the kind and at most one status, counts come from document_counts
    // (dev/postgres/011-document-counts.sql), which the database keeps exact, instead of counting rows.
    private bool _countable = true;
    private string? _statusParameter; // the name of the status condition's parameter

    /// <summary>Sort columns that are never null: ordered without NULLS LAST, so the (kind, column, id) indexes serve them.</summary>
    private static readonly HashSet<string> NotNullSorts = new(StringComparer.Ordinal) { "created_at", "updated_at" };

    public string Kind => kind;

    public PageRequest Page => page;

    /// <summary>Sorts every entity has; resources add their own JSON fields.</summary>
    public static readonly IReadOnlyDictionary<string, string> CommonSorts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["createdAt"] = "created_at",
        ["updatedAt"] = "updated_at",
        ["status"] = "status",
    };

    public static IReadOnlyDictionary<string, string> Sorts(params (string Field, string Expression)[] extra)
    {
        var all = new Dictionary<string, string>(CommonSorts, StringComparer.Ordinal);
        foreach (var (field, expression) in extra)
        {
            all[field] = expression;
        }

        return all;
    }

    /// <summary>A JSON text field of the state, as a sort or filter expression.</summary>
    public static string Text(string jsonField) => TextPrefix + jsonField + TextSuffix;

    /// <summary>The state field's text as this kind stores it: its typed column if it has one, else <see cref="Text"/>.</summary>
    public string TextOf(string jsonField) => StateKinds.TextColumn(kind, jsonField) ?? Text(jsonField);

    private const string TextPrefix = "(doc ->> '";
    private const string TextSuffix = "')";

    /// <summary>
    /// A sort expression with <see cref="Text"/> of a field the kind keeps in a typed column replaced by the column
    /// (sort allow-lists are static, built without a kind; the query knows it).
    /// </summary>
    private string Sortable(string expression) =>
        expression.StartsWith(TextPrefix, StringComparison.Ordinal) && expression.EndsWith(TextSuffix, StringComparison.Ordinal)
            ? TextOf(expression[TextPrefix.Length..^TextSuffix.Length])
            : expression;

    /// <summary>A JSON number field (money, counts) as numeric.</summary>
    public static string Number(string jsonField) => $"((doc ->> '{jsonField}')::numeric)";

    public DocumentQuery Where(string condition, object value, NpgsqlDbType type)
    {
        _countable = false;
        var name = "p" + _parameters.Count;
        _where.Append(" AND ").Append(condition.Replace("@value", "@" + name, StringComparison.Ordinal));
        _parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return this;
    }

    /// <summary>A condition with no value (written here in code, never from input).</summary>
    public DocumentQuery Where(string condition)
    {
        _countable = false;
        _where.Append(" AND ").Append(condition);
        return this;
    }

    public DocumentQuery WhereStatus<TStatus>(TStatus? status) where TStatus : struct, Enum
    {
        if (status is not { } s)
        {
            return this;
        }

        var countable = _countable && _statusParameter is null;
        _statusParameter = "p" + _parameters.Count;
        Where("status = @value", EnumText.Code(s), NpgsqlDbType.Text);
        _countable = countable;
        return this;
    }

    public DocumentQuery WhereCustomer(Guid? customerId) =>
        customerId is { } id ? Where("customer_id = @value", id, NpgsqlDbType.Uuid) : this;

    public DocumentQuery WhereText(string jsonField, string? value) =>
        value is null ? this : Where($"{TextOf(jsonField)} = @value", value, NpgsqlDbType.Text);

    public DocumentQuery WhereEnum<TEnum>(string jsonField, TEnum? value) where TEnum : struct, Enum =>
        value is { } v ? WhereText(jsonField, EnumText.Code(v)) : this;

    /// <summary>Case-insensitive substring search over the kind's search paths (<see cref="StateKind.SearchPaths"/>).</summary>
    public DocumentQuery Search(string? term)
    {
        if (TextRules.Normalize(term) is not { } normalized)
        {
            return this;
        }

        Where("search_text LIKE @value", LikePattern(normalized), NpgsqlDbType.Text);
        Searches = true;
        return this;
    }

    /// <summary>
    /// Narrows a <see cref="Search"/> to matches within the given fields only (e.g. names, for a caller who may not
    /// search by personal identifiers). The search's own condition still picks the rows through its index.
    /// </summary>
    public DocumentQuery SearchOnly(string? term, params string[] jsonFields)
    {
        if (TextRules.Normalize(term) is not { } normalized)
        {
            return this;
        }

        var fields = string.Join(" || ' ' || ", jsonFields.Select(f => $"coalesce({Text(f)}, '')"));
        return Where($"lower({fields}) LIKE @value", LikePattern(normalized), NpgsqlDbType.Text);
    }

    private static string LikePattern(string term) => "%" + term.ToLowerInvariant()
        .Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal)
        .Replace("_", @"\_", StringComparison.Ordinal) + "%";

    /// <summary>
    /// A free-text condition is part of the query. Its index scan is the expensive part and its matches are few, so
    /// the page and the total come from one scan (<see cref="PageWithTotalCommand"/>) instead of two.
    /// </summary>
    public bool Searches { get; private set; }

    internal NpgsqlBatchCommand CountCommand() => _countable
        ? Command(_statusParameter is null
            ? "SELECT coalesce(sum(n), 0)::bigint FROM document_counts WHERE kind = @kind"
            : $"SELECT coalesce(sum(n), 0)::bigint FROM document_counts WHERE kind = @kind AND status = @{_statusParameter}")
        : Command($"SELECT count(*) FROM orleansstorage WHERE {_where}");

    internal NpgsqlBatchCommand PageCommand() => Paged("doc::text");

    /// <summary>The page with the number of all matching rows in a second column of every row.</summary>
    internal NpgsqlBatchCommand PageWithTotalCommand() => Paged("doc::text, count(*) OVER ()");

    private NpgsqlBatchCommand Paged(string columns)
    {
        var sort = Sortable(sortExpressions.GetValueOrDefault(page.SortField, "created_at"));
        var direction = page.Descending ? "DESC" : "ASC";
        var nulls = NotNullSorts.Contains(sort) ? "" : " NULLS LAST";
        var command = Command(
            $"SELECT {columns} FROM orleansstorage WHERE {_where} ORDER BY {sort} {direction}{nulls}, id {direction} LIMIT @limit OFFSET @offset");
        command.Parameters.Add(new NpgsqlParameter<int>("limit", page.Size));
        command.Parameters.Add(new NpgsqlParameter<long>("offset", (long)page.PageNumber * page.Size));
        return command;
    }

    internal NpgsqlBatchCommand CountByStatusCommand() => _countable && _statusParameter is null
        ? Command("SELECT status, sum(n)::bigint FROM document_counts WHERE kind = @kind GROUP BY 1 HAVING sum(n) <> 0")
        : Command($"SELECT coalesce(status, ''), count(*) FROM orleansstorage WHERE {_where} GROUP BY 1");

    private NpgsqlBatchCommand Command(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in _parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return command;
    }
}
