namespace Bss.Abstractions.Common;

/// <summary>One page of a list, 0-based, as the query side returns it.</summary>
[GenerateSerializer, Immutable]
public sealed record Page<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] int PageNumber,
    [property: Id(2)] int Size,
    [property: Id(3)] long TotalElements)
{
    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), PageNumber, Size, TotalElements);
}

[GenerateSerializer, Immutable]
public sealed record PageRequest(
    [property: Id(0)] int PageNumber,
    [property: Id(1)] int Size,
    [property: Id(2)] string SortField,
    [property: Id(3)] bool Descending)
{
    /// <summary>For queries that count or aggregate rather than page.</summary>
    public static readonly PageRequest Unpaged = new(0, 1, "createdAt", true);
}
