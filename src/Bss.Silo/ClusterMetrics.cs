using System.Diagnostics.Metrics;
using Bss.Grains.Common;
using Orleans.Runtime;

namespace Bss.Silo;

/// <summary>
/// The cluster as this silo's membership view has it: silos per status (active, dead, joining, ...). Prometheus knows
/// which silos answer; membership knows which ones the cluster still counts on. An active silo nobody can scrape is a
/// dead silo the cluster has not declared dead yet (alert BssDeadSiloInMembership).
/// </summary>
public sealed class ClusterMetrics : IHostedService
{
    /// <param name="business">Taken so that the business counters exist (at zero) from the silo's start, not from the first grain that counts.</param>
    public ClusterMetrics(IMeterFactory meterFactory, IClusterMembershipService membership, BssMetrics business)
    {
        _ = business;
        var meter = meterFactory.Create(BssMetrics.MeterName);
        meter.CreateObservableGauge("bss.cluster.silos", () => Observe(membership), description: "Silos in this silo's view of the cluster membership, by status");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static IEnumerable<Measurement<int>> Observe(IClusterMembershipService membership) =>
        membership.CurrentSnapshot.Members.Values
            .GroupBy(member => member.Status)
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("status", g.Key.ToString().ToLowerInvariant())));
}
