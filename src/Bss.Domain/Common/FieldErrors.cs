namespace Bss.Domain.Common;

/// <summary>Collects validation messages per field (camelCase names, as the API shows them).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(message);
        return this;
    }

    /// <summary>Adds the problem a rule reported, if any (rules return null when the value is fine).</summary>
    public FieldErrors Check(string field, string? problem) => problem is null ? this : Add(field, problem);

    /// <summary>Adds what another check found (e.g. the rules' errors after the HTTP shape's).</summary>
    public FieldErrors AddAll(FieldErrors other)
    {
        foreach (var (field, messages) in other._errors)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }

        return this;
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public string Summary() =>
        "Validation failed: " + string.Join("; ", _errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));

    public Result<T> ToResult<T>(Func<T> onValid) =>
        IsEmpty ? Result<T>.Ok(onValid()) : Result<T>.Fail(DomainError.Validation(this));
}
