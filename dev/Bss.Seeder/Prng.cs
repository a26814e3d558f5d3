namespace Bss.Seeder;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by its seed on every runtime (System.Random's seeded
/// sequence is not promised across .NET versions), so a re-run plans exactly the same data and request bodies.
/// </summary>
internal sealed class Prng(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The generator for one seeded entity, e.g. (customer 42, "addresses").</summary>
    public static Prng For(int index, string stream)
    {
        ulong h = 14695981039346656037;
        foreach (var c in stream)
        {
            h = (h ^ c) * 1099511628211;
        }

        return new Prng(h ^ ((ulong)index * 0x9E3779B97F4A7C15));
    }

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>0 ≤ result &lt; max.</summary>
    public int Below(int max) => (int)(Next() % (ulong)max);

    /// <summary>min ≤ result ≤ max.</summary>
    public int Between(int min, int max) => min + Below(max - min + 1);

    /// <summary>True with the given probability (0..1).</summary>
    public bool Chance(double probability) => Next() % 10_000 < (ulong)(probability * 10_000);

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    /// <summary>Picks by weight: items with a larger weight come up proportionally more often.</summary>
    public T Weighted<T>(IReadOnlyList<(T Item, int Weight)> items)
    {
        var roll = Below(items.Sum(i => i.Weight));
        foreach (var (item, weight) in items)
        {
            if (roll < weight)
            {
                return item;
            }

            roll -= weight;
        }

        return items[^1].Item;
    }
}
