using System.Collections.Concurrent;
using Orleans.Storage;

namespace Bss.Grains.Tests;

/// <summary>
/// The grain tests' storage: in-memory storage that can be told to fail the next write of a grain type, as a
/// database that drops a connection mid-write would (the write does not land and the caller sees an exception).
/// It also counts each grain's reads and writes, so a test can prove what an operation costs in storage calls.
/// </summary>
public sealed class FailingWrites(IGrainStorage inner) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, int> Armed = new();
    private static readonly ConcurrentDictionary<GrainId, int> ReadCounts = new();
    private static readonly ConcurrentDictionary<GrainId, int> WriteCounts = new();

    /// <summary>Storage reads of <paramref name="grain"/>'s state so far (its activations' reads and any re-reads).</summary>
    public static int Reads(GrainId grain) => ReadCounts.GetValueOrDefault(grain);

    /// <summary>Storage writes of <paramref name="grain"/>'s state that landed so far.</summary>
    public static int Writes(GrainId grain) => WriteCounts.GetValueOrDefault(grain);

    /// <summary>Every grain whose state was read or written so far.</summary>
    public static IEnumerable<GrainId> Touched => ReadCounts.Keys.Union(WriteCounts.Keys);

    /// <summary>The next <paramref name="count"/> writes of grains of <paramref name="grainType"/> fail without landing.</summary>
    public static void Next(string grainType, int count = 1) => Armed[grainType] = count;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ReadCounts.AddOrUpdate(grainId, 1, (_, n) => n + 1);
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var type = grainId.Type.ToString()!;
        if (Armed.TryGetValue(type, out var left) && left > 0 && Armed.TryUpdate(type, left - 1, left))
        {
            throw new InvalidOperationException($"simulated failed write of {grainId}");
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
        WriteCounts.AddOrUpdate(grainId, 1, (_, n) => n + 1);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
