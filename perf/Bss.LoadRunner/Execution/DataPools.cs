using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Execution;

/// <summary>
/// The run's data, as k6's setup() makes it: per resource a shared pool that any VU reads (created, or loaded from
/// a seed file), and records each VU owns so that its versioned writes never race another VU's.
/// </summary>
internal sealed class DataPools(string tag, IReadOnlyList<string>? surnameSyllables = null)
{
    private const int SetupConcurrency = 32;
    private const int MaxCleanupPages = 2000;
    private readonly Dictionary<string, List<JsonObject>> _shared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonObject>> _owned = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<(string Resource, JsonObject Record)> _createdBySetup = [];
    private long _unique;

    public string Tag { get; } = tag;

    /// <summary>Unique within the run: the {{unique}} of templates.</summary>
    public string NextUnique() => Interlocked.Increment(ref _unique).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The {{surname}} of templates: three random syllables of the scenario file, capitalised ("Kowalski"-like). Names
    /// repeat now and then and share letters the way real names do, so a search finds a few records through an
    /// ordinary index scan, not every record through one long common prefix.
    /// </summary>
    public string NextSurname()
    {
        var syllables = surnameSyllables ?? throw new InvalidOperationException("the scenario file has no surnameSyllables");
        var name = string.Concat(Enumerable.Range(0, 3).Select(_ => syllables[Random.Shared.Next(syllables.Count)]));
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    public JsonObject PickShared(string resource) =>
        _shared.TryGetValue(resource, out var pool) && pool.Count > 0
            ? pool[Random.Shared.Next(pool.Count)]
            : throw new InvalidOperationException($"no shared {resource} records");

    /// <summary>The record VU number <paramref name="vu"/> (0-based) owns.</summary>
    public JsonObject Owned(string resource, int vu) =>
        _owned.TryGetValue(resource, out var list) && list.Count > 0
            ? list[vu % list.Count]
            : throw new InvalidOperationException($"no owned {resource} records");

    public void UseShared(string resource, IEnumerable<JsonObject> records) => _shared[resource] = [.. records];

    /// <summary>
    /// Creates the records the mix reads, resource by resource in <see cref="ScenarioFile.ResourcesFor"/> order, so a
    /// create that names {{customer.id}} finds the customer pool filled.
    /// </summary>
    public async Task SetupAsync(ScenarioFile file, IReadOnlyList<EndpointDefinition> mix, int vus,
        HttpDriver http, TextWriter log, CancellationToken cancel)
    {
        var ownedResources = ScenarioFile.OwnedResources(mix);
        foreach (var name in file.ResourcesFor(mix))
        {
            var resource = file.Resources[name];
            var shared = _shared.ContainsKey(name) ? 0 : resource.Shared;
            var owned = ownedResources.Contains(name) ? resource.OwnedPerVu * vus : 0;
            if (shared + owned == 0)
            {
                continue;
            }

            log.WriteLine($"setup: creating {shared} shared and {owned} owned {name} record(s)");
            var created = await CreateAsync(name, resource.Create, shared + owned, SetupConcurrency, http, cancel);
            if (shared > 0)
            {
                _shared[name] = created[..shared];
            }

            _owned[name] = created[shared..];
        }
    }

    /// <summary>Creates <paramref name="count"/> records with the resource's create template; fails on any error.</summary>
    public Task<List<JsonObject>> CreateAsync(string name, RequestTemplate create, int count, int concurrency,
        HttpDriver http, CancellationToken cancel, Action<int>? progress = null) =>
        CreateAsync(name, create, count, concurrency, _ => Context(), http, progress, cancel);

    /// <summary>
    /// Creates one record per parent record: the i-th create's {{<paramref name="parent"/>.field}} is
    /// parents[i] (a subscription for each seeded customer), other resources come from the shared pools.
    /// </summary>
    public Task<List<JsonObject>> CreateForEachAsync(string name, RequestTemplate create, string parent, IReadOnlyList<JsonObject> parents,
        int concurrency, HttpDriver http, CancellationToken cancel, Action<int>? progress = null) =>
        CreateAsync(name, create, parents.Count, concurrency,
            i => new TemplateContext(Tag, NextUnique, resource => resource == parent ? parents[i] : PickShared(resource), surname: NextSurname),
            http, progress, cancel);

    private async Task<List<JsonObject>> CreateAsync(string name, RequestTemplate create, int count, int concurrency,
        Func<int, TemplateContext> context, HttpDriver http, Action<int>? progress, CancellationToken cancel)
    {
        var records = new JsonObject[count];
        var done = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancel },
            async (i, ct) =>
            {
                var outcome = await http.SendAsync(create, context(i), ct);
                if (!outcome.IsExpected(create))
                {
                    throw new InvalidOperationException(
                        $"creating {name} answered {outcome.Status}: {outcome.Error ?? Shorten(outcome.Body)}");
                }

                records[i] = outcome.Json() ?? throw new InvalidOperationException($"creating {name} returned no JSON object");
                _createdBySetup.Add((name, records[i]));
                progress?.Invoke(Interlocked.Increment(ref done));
            });
        return [.. records];
    }

    /// <summary>
    /// Deletes what setup created, then what the mix created (found by this run's tag), like k6's teardown(): in
    /// reverse creation order, so what names a customer is gone (or closed) before the customer is deleted.
    /// </summary>
    public async Task TeardownAsync(ScenarioFile file, HttpDriver http, TextWriter log, CancellationToken cancel)
    {
        foreach (var name in file.CreationOrder().Reverse())
        {
            var resource = file.Resources[name];
            var mine = _createdBySetup.Where(c => c.Resource == name).Select(c => c.Record).ToList();
            var deleted = await DeleteAsync(resource, mine, http, cancel);
            if (resource.CleanupSearch is not null)
            {
                deleted += await CleanupBySearchAsync(resource, http, cancel);
            }

            log.WriteLine(resource.Delete.Method.Equals("DELETE", StringComparison.OrdinalIgnoreCase)
                ? $"teardown: deleted {deleted} {name} record(s)"
                : $"teardown: closed {deleted} {name} record(s) with {resource.Delete.Method} {resource.Delete.Path} (the API deletes none)");
        }
    }

    private async Task<int> CleanupBySearchAsync(ResourceDefinition resource, HttpDriver http, CancellationToken cancel)
    {
        var deleted = 0;
        var search = Template.Render(resource.CleanupSearch!, Context());
        for (var page = 0; page < MaxCleanupPages; page++)
        {
            var found = await http.GetAsync(search, cancel);
            var content = found.Status == 200 ? found.Json()?["content"]?.AsArray().OfType<JsonObject>().ToList() : null;
            if (content is not { Count: > 0 })
            {
                break;
            }

            var onPage = await DeleteAsync(resource, content, http, cancel);
            if (onPage == 0)
            {
                break; // the search finds what could not be deleted (or closed) again: stop rather than ask forever
            }

            deleted += onPage;
        }

        return deleted;
    }

    private async Task<int> DeleteAsync(ResourceDefinition resource, IEnumerable<JsonObject> records, HttpDriver http, CancellationToken cancel)
    {
        var deleted = 0;
        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = SetupConcurrency, CancellationToken = cancel },
            async (record, ct) =>
            {
                // The version read with the record: closing an invoice or payment must name it (If-Match).
                var variables = new Dictionary<string, string>
                {
                    ["id"] = record["id"]?.ToString() ?? "",
                    ["version"] = record["version"]?.ToString() ?? "",
                };
                var outcome = await http.SendAsync(resource.Delete, Context(variables), ct);
                if (outcome.IsExpected(resource.Delete))
                {
                    Interlocked.Increment(ref deleted);
                }
            });
        return deleted;
    }

    private TemplateContext Context(IReadOnlyDictionary<string, string>? variables = null) =>
        new(Tag, NextUnique, PickShared, variables: variables, surname: NextSurname);

    private static string Shorten(string? text) => text is null ? "" : text.Length > 300 ? text[..300] : text;
}
