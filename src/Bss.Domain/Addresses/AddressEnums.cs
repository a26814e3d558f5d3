namespace Bss.Domain.Addresses;

public enum AddressType
{
    Billing,
    Shipping,
    Service,
    Correspondence,
}

/// <summary>PENDING (new, not yet confirmed) → ACTIVE | INACTIVE; ACTIVE ↔ INACTIVE. See <see cref="Address.Statuses"/>.</summary>
public enum AddressStatus
{
    Pending,
    Active,
    Inactive,
}
