namespace Bss.Domain.Customers;

public enum CustomerStatus
{
    Active,
    Inactive,
    Suspended,
    Terminated,
}
