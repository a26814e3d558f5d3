using Bss.Abstractions.Common;
using Bss.Domain.Common;
using Bss.Domain.Orders;

namespace Bss.Abstractions.Orders;

/// <summary>
/// One order, keyed by its id. Completing it runs a persisted plan of steps on other grains (subscriptions, service
/// activations, device and SIM assignments), each step once, resumed by a retry, a reminder or re-activation.
/// </summary>
public interface IOrderGrain : IGrainWithGuidKey
{
    /// <summary>Places the order (PENDING) for an ACTIVE customer and ACTIVE products. A retried create answers the order.</summary>
    Task<Result<OrderState>> PlaceAsync(OrderDetails details);

    /// <summary>
    /// <see cref="PlaceAsync"/> keyed by an Idempotency-Key (the request's fingerprint; null without a key): the key's
    /// record is kept in this entity and written by the create's own write; a repeat replays, another request with
    /// the key is refused (<see cref="ErrorKind.IdempotencyKeyReused"/>).
    /// </summary>
    Task<Result<Created<OrderState>>> CreateOnceAsync(OrderDetails details, string? requestFingerprint);

    /// <summary>
    /// Adds an item while the order is PENDING, under the id the caller chose: a retry with the same id answers the
    /// order with it (see Order.AddItem).
    /// </summary>
    Task<Result<OrderState>> AddItemAsync(Guid itemId, OrderItemRequest item, int? expectedVersion);

    /// <summary>Replaces an item (keeping its id) while the order is PENDING.</summary>
    Task<Result<OrderState>> ChangeItemAsync(Guid itemId, OrderItemRequest item, int? expectedVersion);

    /// <summary>Removes an item while the order is PENDING.</summary>
    Task<Result<OrderState>> RemoveItemAsync(Guid itemId, int? expectedVersion);

    /// <summary>The last persisted state. Interleaves, so a running completion's progress is visible.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<OrderState?> GetAsync();

    /// <summary>
    /// Moves the order along its status machine. COMPLETED runs (or resumes) the completion: the answer is the order
    /// COMPLETED, or still PROCESSING with the completion IN_PROGRESS (a target unreachable; a reminder goes on), or
    /// a Conflict naming the steps a target refused (the order shows the completion FAILED). Asking again for
    /// COMPLETED resumes only the steps not yet done; asking an order that is COMPLETED answers it.
    /// </summary>
    Task<Result<OrderState>> ChangeStatusAsync(OrderStatus target, int? expectedVersion);
}
