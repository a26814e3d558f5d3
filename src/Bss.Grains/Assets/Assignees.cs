using Bss.Abstractions.Customers;
using Bss.Domain.Assets;
using Bss.Domain.Common;

namespace Bss.Grains.Assets;

public static class Assignees
{
    /// <summary>The customer an assignment names, or null when there is no such customer.</summary>
    public static async Task<Assignee?> FindAsync(IGrainFactory grains, Guid customerId) =>
        await grains.GetGrain<ICustomerGrain>(customerId).GetAsync() is { } c
            ? new Assignee(c.Id, c.FirstName, c.LastName, c.Status)
            : null;

    /// <summary>A never-written state has no id yet; the rules name the entity in their messages.</summary>
    public static TState WithId<TState>(TState current, Guid id) where TState : EntityState
    {
        if (current.Id == Guid.Empty)
        {
            current.Id = id;
        }

        return current;
    }

    /// <summary>The UTC date of the clock: what "today" means for expiry windows.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
