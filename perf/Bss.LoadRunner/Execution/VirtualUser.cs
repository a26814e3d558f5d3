using System.Diagnostics;
using System.Text.Json.Nodes;
using Bss.LoadRunner.Reporting;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Execution;

/// <summary>
/// One virtual user: picks an endpoint of the mix by weight, renders it with its own records, sends it, and keeps
/// the records its writes return (so the next If-Match carries the version it just produced).
/// </summary>
internal sealed class VirtualUser
{
    private readonly Dictionary<string, JsonObject> _own = new(StringComparer.Ordinal);
    private readonly WeightedMix _mix;
    private readonly DataPools _data;
    private readonly HttpDriver _http;

    public VirtualUser(int number, WeightedMix mix, DataPools data, HttpDriver http, IEnumerable<string> ownedResources)
    {
        _mix = mix;
        _data = data;
        _http = http;
        foreach (var resource in ownedResources)
        {
            _own[resource] = data.Owned(resource, number);
        }
    }

    /// <summary>
    /// One request of the mix. <paramref name="intendedStart"/> is a Stopwatch timestamp: the open model passes the
    /// scheduled send time, so a late send (the system or this runner fell behind) counts as latency.
    /// </summary>
    public Task IterateAsync(ScenarioRecorder recorder, long intendedStart, CancellationToken cancel) =>
        SendAsync(_mix.Pick(Random.Shared.NextDouble()), recorder, intendedStart, cancel);

    public async Task SendAsync(EndpointDefinition endpoint, ScenarioRecorder recorder, long intendedStart, CancellationToken cancel)
    {
        var context = new TemplateContext(_data.Tag, _data.NextUnique, _data.PickShared, _own, surname: _data.NextSurname);
        var outcome = await _http.SendAsync(endpoint, context, cancel);
        if (cancel.IsCancellationRequested && outcome.Status == 0)
        {
            return; // stopped mid-flight by the end of the run: not a failure of the system
        }

        var ok = outcome.IsExpected(endpoint);
        recorder.Record(endpoint.Name, Stopwatch.GetElapsedTime(intendedStart), !ok, ok ? null : outcome.Why());
        if (ok && endpoint.RefreshedResource is { } resource && outcome.Json() is { } record)
        {
            _own[resource] = record;
        }
    }
}

/// <summary>Picks endpoints in proportion to their weights.</summary>
internal sealed class WeightedMix
{
    private readonly EndpointDefinition[] _endpoints;
    private readonly double[] _cumulative;

    public WeightedMix(IReadOnlyList<EndpointDefinition> endpoints)
    {
        _endpoints = [.. endpoints];
        _cumulative = new double[endpoints.Count];
        var sum = 0.0;
        for (var i = 0; i < endpoints.Count; i++)
        {
            sum += endpoints[i].Weight;
            _cumulative[i] = sum;
        }
    }

    public IReadOnlyList<EndpointDefinition> Endpoints => _endpoints;

    /// <summary>The endpoint for a uniform number in [0, 1).</summary>
    public EndpointDefinition Pick(double uniform)
    {
        var target = uniform * _cumulative[^1];
        var index = Array.FindIndex(_cumulative, c => target < c);
        return _endpoints[index < 0 ? ^1 : index];
    }
}
