using System.ComponentModel.DataAnnotations;

namespace Bss.Api.Limits;

/// <summary>
/// What one request and one caller may cost a silo (configuration section <c>Limits</c>). Every limit is per silo:
/// a cluster of N silos admits N times as much. The defaults are documented in the README's configuration table.
/// </summary>
public sealed class LimitsOptions : IValidatableObject
{
    public const string Section = "Limits";

    /// <summary>
    /// Requests per second one caller (the token's <c>sub</c>, else the client address) may make on one silo, on
    /// average. High enough for one machine client at full speed on this hardware (the perf bench's single client
    /// sends ≈470 requests/s per silo), so the limit catches a runaway client, not a busy one.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PermitsPerSecondPerCaller { get; set; } = 1_000;

    /// <summary>How many requests one caller may send at once above its average (the token bucket's size).</summary>
    [Range(1, 1_000_000)]
    public int BurstPerCaller { get; set; } = 2_000;

    /// <summary>Requests one silo serves at the same time; more wait in the queue or are shed with 503.</summary>
    [Range(1, 100_000)]
    public int ConcurrentRequests { get; set; } = 128;

    /// <summary>
    /// Requests that may wait for a free slot. Small on purpose: a request that waits behind a long queue misses its
    /// latency goal anyway, and a prompt 503 lets the client (or balancer) try another silo or later.
    /// </summary>
    [Range(0, 100_000)]
    public int QueuedRequests { get; set; } = 32;

    /// <summary>The shortest <c>Retry-After</c> of a shed request, in seconds.</summary>
    [Range(1, 3_600)]
    public int ShedRetryAfterMinSeconds { get; set; } = 1;

    /// <summary>
    /// The longest <c>Retry-After</c> of a shed request; each answer picks a value in between, so the clients shed at
    /// the same moment do not all come back at the same moment.
    /// </summary>
    [Range(1, 3_600)]
    public int ShedRetryAfterMaxSeconds { get; set; } = 3;

    /// <summary>
    /// How long a request may take before it is answered 504 and its grain calls are cancelled. Between the
    /// database's command timeout (10 s) and Orleans' response timeout (30 s), so a slow query still shows as 503.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The same for billing runs and cycles (<c>/billing/**</c>, <c>/invoices/preview</c>), which bill many lines.</summary>
    public TimeSpan BillingRequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest request body; bigger ones are refused with 413 before they are read.</summary>
    [Range(1_024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>The most items a JSON array of a request body may hold; counted while the array is read.</summary>
    [Range(1, 1_000_000)]
    public int MaxArrayItems { get; set; } = 1_000;

    /// <summary>How far before today a billing run, preview or cycle date may lie.</summary>
    [Range(0, 1_000_000)]
    public int BillingDatePastDays { get; set; } = 400;

    /// <summary>How far after today a billing run, preview or cycle date may lie (a far date bills many periods in one go).</summary>
    [Range(0, 1_000_000)]
    public int BillingDateFutureDays { get; set; } = 31;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ShedRetryAfterMaxSeconds < ShedRetryAfterMinSeconds)
        {
            yield return new ValidationResult("Limits:ShedRetryAfterMaxSeconds must not be below Limits:ShedRetryAfterMinSeconds.",
                [nameof(ShedRetryAfterMaxSeconds)]);
        }

        foreach (var (name, value) in new[] { (nameof(RequestTimeout), RequestTimeout), (nameof(BillingRequestTimeout), BillingRequestTimeout) })
        {
            if (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromHours(1))
            {
                yield return new ValidationResult($"Limits:{name} must be between 1 second and 1 hour.", [name]);
            }
        }
    }
}
