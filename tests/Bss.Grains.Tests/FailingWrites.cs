using System.Collections.Concurrent;
using Orleans.Storage;

namespace Bss.Grains.Tests;

/// <summary>
/// The grain tests' storage: in-memory storage that can be told to fail the next write of a grain type, as a
/// database that drops a connection mid-write would (the write does not land and the caller sees an exception).
/// </summary>
public sealed class FailingWrites(IGrainStorage inner) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, int> Armed = new();

    /// <summary>The next <paramref name="count"/> writes of grains of <paramref name="grainType"/> fail without landing.</summary>
    public static void Next(string grainType, int count = 1) => Armed[grainType] = count;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var type = grainId.Type.ToString()!;
        if (Armed.TryGetValue(type, out var left) && left > 0 && Armed.TryUpdate(type, left - 1, left))
        {
            throw new InvalidOperationException($"simulated failed write of {grainId}");
        }

        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
