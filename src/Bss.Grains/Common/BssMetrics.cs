using System.Diagnostics.Metrics;

namespace Bss.Grains.Common;

/// <summary>Business counters, exported on /metrics next to the Orleans and ASP.NET Core meters.</summary>
public sealed class BssMetrics
{
    public const string MeterName = "Bss.Orleans";

    private readonly Counter<long> _customersRegistered;
    private readonly Counter<long> _customerStatusChanges;
    private readonly Counter<long> _customersDeleted;

    public BssMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _customersRegistered = meter.CreateCounter<long>("bss.customers.registered", description: "Customers registered");
        _customerStatusChanges = meter.CreateCounter<long>("bss.customers.status_changes", description: "Customer status transitions, by target status");
        _customersDeleted = meter.CreateCounter<long>("bss.customers.deleted", description: "Customers deleted");
    }

    public void CustomerRegistered() => _customersRegistered.Add(1);

    public void CustomerStatusChanged(string targetStatus) =>
        _customerStatusChanges.Add(1, new KeyValuePair<string, object?>("status", targetStatus));

    public void CustomerDeleted() => _customersDeleted.Add(1);
}
