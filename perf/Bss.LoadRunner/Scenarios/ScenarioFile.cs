using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Bss.LoadRunner.Scenarios;

/// <summary>
/// perf/scenarios/bss.json, the one definition of the traffic that perf/k6/lib/scenario.js reads too.
/// perf/README.md documents each field.
/// </summary>
internal sealed record ScenarioFile(
    int Version,
    IReadOnlyDictionary<string, ResourceDefinition> Resources,
    IReadOnlyList<EndpointDefinition> Endpoints,
    IReadOnlyDictionary<string, ProfileDefinition> Profiles,
    IReadOnlyList<string>? SurnameSyllables = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static ScenarioFile Load(string path) => Parse(File.ReadAllText(path));

    public static ScenarioFile Parse(string json)
    {
        var file = JsonSerializer.Deserialize<ScenarioFile>(json, Json)
                   ?? throw new InvalidDataException("the scenario file is empty");
        file.Validate();
        return file;
    }

    public ProfileDefinition Profile(string name) =>
        Profiles.TryGetValue(name, out var profile)
            ? profile
            : throw new InvalidDataException($"profile '{name}' is not in the scenario file ({string.Join(", ", Profiles.Keys)})");

    /// <summary>The endpoints a profile sends, with the profile's weights where it overrides them.</summary>
    public IReadOnlyList<EndpointDefinition> MixOf(ProfileDefinition profile)
    {
        var mix = Endpoints
            .Select(e => profile.Mix is null ? e : e with { Weight = profile.Mix.GetValueOrDefault(e.Name) })
            .Where(e => e.Weight > 0)
            .ToList();
        return mix.Count > 0 ? mix : throw new InvalidDataException("the mix is empty");
    }

    /// <summary>
    /// Every resource, each after the resources its create template names ({{customer.id}} in a subscription's body
    /// needs the customer pool first); otherwise in file order. Teardown walks it backwards, so a subscription is
    /// closed before its customer is deleted.
    /// </summary>
    public IReadOnlyList<string> CreationOrder()
    {
        var order = new List<string>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (order.Count < Resources.Count)
        {
            var next = Resources.FirstOrDefault(r => !placed.Contains(r.Key) && r.Value.Dependencies().All(placed.Contains)).Key
                       ?? throw new InvalidDataException(
                           $"the create templates of {string.Join(", ", Resources.Keys.Where(k => !placed.Contains(k)))} name each other in a cycle");
            order.Add(next);
            placed.Add(next);
        }

        return order;
    }

    /// <summary>
    /// The resources setup creates for a mix, in <see cref="CreationOrder"/>: those its endpoints name (a shared
    /// {{customer.id}} or an owned {{own.customer.id}}) and those their create templates name in turn. A mix of
    /// customer reads needs customers only, so it runs against a server that serves nothing else.
    /// </summary>
    public IReadOnlyList<string> ResourcesFor(IEnumerable<EndpointDefinition> mix)
    {
        var needed = new HashSet<string>(mix.SelectMany(e => e.Placeholders()).Select(ResourceOf).OfType<string>(), StringComparer.Ordinal);
        var pending = new Queue<string>(needed);
        while (pending.TryDequeue(out var name))
        {
            foreach (var dependency in Resources.TryGetValue(name, out var resource) ? resource.Dependencies() : [])
            {
                if (needed.Add(dependency))
                {
                    pending.Enqueue(dependency);
                }
            }
        }

        return CreationOrder().Where(needed.Contains).ToList();
    }

    /// <summary>The resource a placeholder reads a record of ("customer.id", "own.customer.version"), or null ({{uuid}}, {{id}}).</summary>
    internal static string? ResourceOf(string placeholder)
    {
        var parts = placeholder.Split('.');
        return parts.Length < 2 ? null : parts[0] == "own" ? (parts.Length > 2 ? parts[1] : null) : parts[0];
    }

    /// <summary>Resources whose records each virtual user must own: an endpoint of the mix says {{own.&lt;resource&gt;.…}}.</summary>
    public static IReadOnlyList<string> OwnedResources(IEnumerable<EndpointDefinition> mix) =>
        mix.SelectMany(e => e.Placeholders())
            .Where(p => p.StartsWith("own.", StringComparison.Ordinal))
            .Select(p => p.Split('.')[1])
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private void Validate()
    {
        if (Version != 1)
        {
            throw new InvalidDataException($"scenario file version {Version} is not supported (expected 1)");
        }

        var duplicate = Endpoints.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"endpoint '{duplicate.Key}' is defined twice");
        }

        foreach (var endpoint in Endpoints)
        {
            endpoint.Validate(Resources.Keys);
        }

        foreach (var (name, resource) in Resources)
        {
            resource.Validate(name, Resources.Keys);
        }

        _ = CreationOrder();

        var usesSurname = Endpoints.SelectMany(e => e.Placeholders())
            .Concat(Resources.Values.SelectMany(r => r.Create.Placeholders()))
            .Contains("surname", StringComparer.Ordinal);
        if (usesSurname && SurnameSyllables is not { Count: > 1 })
        {
            throw new InvalidDataException("{{surname}} needs surnameSyllables (at least two) in the scenario file");
        }

        foreach (var (name, profile) in Profiles)
        {
            profile.Validate(name, Endpoints);
        }
    }
}

/// <summary>
/// How setup creates records of a resource and teardown deletes them. A create may name a record of another
/// resource's shared pool ({{customer.id}}); that resource is created first. Where the API deletes none of the
/// resource, the delete template closes the record instead (a subscription's PUT …/status CANCELLED).
/// </summary>
internal sealed record ResourceDefinition(
    RequestTemplate Create,
    RequestTemplate Delete,
    string? CleanupSearch,
    int Shared,
    int OwnedPerVu = 1)
{
    /// <summary>The resources whose shared records the create template names.</summary>
    public IReadOnlyList<string> Dependencies() =>
        Create.Placeholders().Select(ScenarioFile.ResourceOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    public void Validate(string name, IEnumerable<string> resources)
    {
        var known = resources.ToHashSet(StringComparer.Ordinal);
        if (Create.Placeholders().Any(p => p.StartsWith("own.", StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"resource '{name}': a create template names shared records only, not {{{{own.…}}}}");
        }

        foreach (var dependency in Dependencies())
        {
            if (!known.Contains(dependency))
            {
                throw new InvalidDataException($"resource '{name}' names unknown resource '{dependency}' in its create template");
            }

            if (dependency == name)
            {
                throw new InvalidDataException($"resource '{name}' names itself in its create template");
            }
        }
    }
}

/// <summary>One HTTP request with {{…}} placeholders in its path, headers and body.</summary>
internal record RequestTemplate(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string>? Headers = null,
    JsonNode? Body = null,
    IReadOnlyList<int>? Expect = null)
{
    public IReadOnlyList<int> ExpectedStatuses => Expect is { Count: > 0 } ? Expect : [200];

    public IEnumerable<string> Placeholders() =>
        Template.Placeholders(Path)
            .Concat((Headers?.Values ?? []).SelectMany(Template.Placeholders))
            .Concat(Body is null ? [] : Template.Placeholders(Body.ToJsonString()));
}

/// <summary>A request of the mix: a template with a name, a weight and optionally the owned record it refreshes.</summary>
internal sealed record EndpointDefinition(
    string Name,
    string Method,
    string Path,
    double Weight,
    IReadOnlyDictionary<string, string>? Headers = null,
    JsonNode? Body = null,
    IReadOnlyList<int>? Expect = null,
    string? Refresh = null) : RequestTemplate(Method, Path, Headers, Body, Expect)
{
    /// <summary>The resource whose owned record the response replaces ("own.customer" → "customer").</summary>
    public string? RefreshedResource => Refresh?.StartsWith("own.", StringComparison.Ordinal) == true ? Refresh[4..] : Refresh;

    public void Validate(IEnumerable<string> resources)
    {
        var known = resources.ToHashSet(StringComparer.Ordinal);
        if (Weight < 0 || string.IsNullOrWhiteSpace(Method) || !Path.StartsWith('/'))
        {
            throw new InvalidDataException($"endpoint '{Name}' needs a method, a path starting with / and a weight >= 0");
        }

        foreach (var placeholder in Placeholders())
        {
            var parts = placeholder.Split('.');
            var resource = parts[0] == "own" && parts.Length > 2 ? parts[1] : parts[0];
            if (parts.Length > 1 && !known.Contains(resource))
            {
                throw new InvalidDataException($"endpoint '{Name}' names unknown resource '{resource}' in {{{{{placeholder}}}}}");
            }
        }

        if (RefreshedResource is { } refreshed && !known.Contains(refreshed))
        {
            throw new InvalidDataException($"endpoint '{Name}' refreshes unknown resource '{refreshed}'");
        }
    }
}

internal sealed record ProfileDefinition(
    string? Description,
    IReadOnlyDictionary<string, double>? Mix,
    IReadOnlyList<ScenarioDefinition> Scenarios,
    IReadOnlyList<ThresholdDefinition>? Thresholds)
{
    public IReadOnlyList<ThresholdDefinition> AllThresholds => Thresholds ?? [];

    public void Validate(string name, IReadOnlyList<EndpointDefinition> endpoints)
    {
        if (Scenarios is not { Count: > 0 })
        {
            throw new InvalidDataException($"profile '{name}' has no scenarios");
        }

        foreach (var endpoint in Mix?.Keys ?? [])
        {
            if (!endpoints.Any(e => e.Name == endpoint))
            {
                throw new InvalidDataException($"profile '{name}' mixes unknown endpoint '{endpoint}'");
            }
        }

        foreach (var scenario in Scenarios)
        {
            scenario.Validate(name);
        }

        foreach (var threshold in AllThresholds)
        {
            threshold.Validate(name, Scenarios);
        }
    }
}

internal sealed record Stage(string Duration, int Target)
{
    public TimeSpan Length => Durations.Parse(Duration);
}

internal sealed record ThinkTime(string Min, string Max);

/// <summary>When an open-model step counts as held: e.g. p99 &lt; 100 ms (and no error).</summary>
internal sealed record HeldCondition(string Stat, string Op, double Value);

/// <summary>
/// One scenario. model "once": 1 VU sends every endpoint once; "closed": VUs from stages (k6 ramping-vus) or
/// vus + duration; "open": a constant arrival rate (rate + duration) or a step search (rates + stepDuration).
/// </summary>
internal sealed record ScenarioDefinition(
    string Name,
    string Model,
    IReadOnlyList<Stage>? Stages = null,
    int? Vus = null,
    string? Duration = null,
    ThinkTime? ThinkTime = null,
    bool Comparison = false,
    double? Rate = null,
    IReadOnlyList<double>? Rates = null,
    string? StepDuration = null,
    int PreAllocatedVus = 50,
    int MaxVus = 400,
    HeldCondition? Held = null)
{
    public const string Once = "once";
    public const string Closed = "closed";
    public const string Open = "open";

    public bool IsRateSearch => Model == Open && Rates is { Count: > 0 };

    /// <summary>The most VUs the scenario may hold at once; each owns its own records.</summary>
    public int PeakVus => Model switch
    {
        Once => 1,
        Closed => Stages is { Count: > 0 } ? Stages.Max(s => s.Target) : Vus ?? 0,
        _ => MaxVus,
    };

    public void Validate(string profile)
    {
        var where = $"profile '{profile}', scenario '{Name}'";
        var valid = Model switch
        {
            Once => true,
            Closed => Stages is { Count: > 0 } || (Vus > 0 && Duration is not null),
            Open => IsRateSearch ? StepDuration is not null && Held is not null : Rate > 0 && Duration is not null,
            _ => false,
        };
        if (!valid)
        {
            throw new InvalidDataException($"{where}: model '{Model}' needs stages or vus+duration (closed), rate+duration or rates+stepDuration+held (open)");
        }

        _ = Stages?.Sum(s => s.Length.Ticks);
        _ = Duration is null ? TimeSpan.Zero : Durations.Parse(Duration);
        _ = StepDuration is null ? TimeSpan.Zero : Durations.Parse(StepDuration);
        if (ThinkTime is not null && Durations.Parse(ThinkTime.Min) > Durations.Parse(ThinkTime.Max))
        {
            throw new InvalidDataException($"{where}: think time min is above max");
        }
    }
}

/// <summary>
/// A limit: set "old" (the system being replaced) or "ours"; stat p50..p99/max/avg (ms), errorRate or rps; level
/// "gate" (a service-level objective the product meets on the documented machine: a miss fails the run) or "stretch"
/// (a goal, reported beside the gates, never failing the run).
/// </summary>
internal sealed record ThresholdDefinition(string Set, string? Scenario, string? Endpoint, string Stat, string Op, double Value,
    string Level = ThresholdDefinition.Gate)
{
    public const string Gate = "gate";
    public const string Stretch = "stretch";

    public bool IsGate => Level == Gate;

    public void Validate(string profile, IReadOnlyList<ScenarioDefinition> scenarios)
    {
        if (Level is not (Gate or Stretch))
        {
            throw new InvalidDataException($"profile '{profile}': threshold '{Stat} {Op} {Value}' has level '{Level}', not '{Gate}' or '{Stretch}'");
        }

        if (Scenario is not null && scenarios.All(s => s.Name != Scenario))
        {
            throw new InvalidDataException($"profile '{profile}': a threshold names unknown scenario '{Scenario}'");
        }

        if (!Operators.IsKnown(Op) || !Reporting.StatsSnapshot.IsStat(Stat))
        {
            throw new InvalidDataException($"profile '{profile}': threshold '{Stat} {Op} {Value}' is not understood");
        }
    }
}
