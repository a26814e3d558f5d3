namespace Bss.Domain.Common;

/// <summary>Which status may follow which, and the message when a move is refused.</summary>
public sealed class StatusMachine<TStatus>(string entity, IReadOnlyDictionary<TStatus, TStatus[]> transitions)
    where TStatus : struct, Enum
{
    public bool CanMove(TStatus from, TStatus to) => transitions.TryGetValue(from, out var next) && next.Contains(to);

    public IReadOnlyList<TStatus> AllowedFrom(TStatus from) => transitions.TryGetValue(from, out var next) ? next : [];

    /// <summary>Null when the move is allowed, else an InvalidTransition error naming what is allowed.</summary>
    public DomainError? Check(TStatus from, TStatus to)
    {
        if (CanMove(from, to))
        {
            return null;
        }

        var allowed = AllowedFrom(from);
        var hint = allowed.Count == 0
            ? $"{EnumText.Code(from)} is final"
            : "allowed: " + string.Join(", ", allowed.Select(s => EnumText.Code(s)));
        return new DomainError(
            ErrorKind.InvalidTransition,
            $"{entity} cannot move from {EnumText.Code(from)} to {EnumText.Code(to)} ({hint}).");
    }
}
