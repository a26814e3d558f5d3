using System.Diagnostics.CodeAnalysis;

namespace Bss.Domain.Common;

/// <summary>The outcome of a decision: a value, or the error that refused it.</summary>
[GenerateSerializer, Immutable]
public sealed record Result<T>([property: Id(0)] T? Value, [property: Id(1)] DomainError? Error)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(DomainError error) => new(default, error);

    public static implicit operator Result<T>(DomainError error) => Fail(error);

    public Result<TOut> Map<TOut>(Func<T, TOut> map) =>
        IsSuccess ? Result<TOut>.Ok(map(Value)) : Result<TOut>.Fail(Error);
}
