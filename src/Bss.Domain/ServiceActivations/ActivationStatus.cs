namespace Bss.Domain.ServiceActivations;

public enum ActivationStatus
{
    Pending,
    Scheduled,
    Provisioning,
    Active,
    Failed,
    Deprovisioning,
    Inactive,
    Cancelled,
}
