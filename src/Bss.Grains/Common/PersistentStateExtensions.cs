using Bss.Domain.Common;
using Bss.ReadSide;
using Orleans.Storage;

namespace Bss.Grains.Common;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Decides on the current state, writes the new state and answers only once the write has landed.
    /// A version conflict (another activation or an earlier write of unknown outcome got there first) re-reads
    /// the stored state and decides again, once. Any other failure restores the last confirmed state in memory
    /// and rethrows, so the grain never answers from a state that was not persisted. A write refused by a unique
    /// index of the read side is a conflict (see <see cref="UniqueConstraints"/>).
    /// </summary>
    public static async Task<Result<TState>> CommitAsync<TState>(
        this IPersistentState<TState> persistent,
        Func<TState, Result<TState>> decide)
    {
        for (var attempt = 0; ; attempt++)
        {
            var decision = decide(persistent.State);
            if (!decision.IsSuccess || ReferenceEquals(decision.Value, persistent.State))
            {
                // Refused, or nothing to change (e.g. a repeated idempotent command): no write.
                return decision;
            }

            var confirmed = persistent.State;
            persistent.State = decision.Value;
            try
            {
                await persistent.WriteStateAsync();
                return decision;
            }
            catch (InconsistentStateException) when (attempt == 0)
            {
                persistent.State = confirmed;
                await persistent.ReadStateAsync();
            }
            catch (Exception e) when (UniqueConstraints.Describe(e) is { } duplicate)
            {
                persistent.State = confirmed;
                return Result<TState>.Fail(duplicate);
            }
            catch
            {
                persistent.State = confirmed;
                throw;
            }
        }
    }
}
