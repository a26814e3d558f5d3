using Bss.Domain.Common;

namespace Bss.Abstractions.Common;

public static class IdempotencyKeys
{
    /// <summary>
    /// The resource an Idempotency-Key creates, from the key's id: the same on every silo and after any restart, and the
    /// same whether the key's record lives in the key's own grain or in the created entity.
    /// </summary>
    public static Guid ResourceIdFor(Guid keyId) => NameUuid.From("idempotency-resource/" + keyId.ToString("N"));
}
