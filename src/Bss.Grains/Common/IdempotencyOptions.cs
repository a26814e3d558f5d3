namespace Bss.Grains.Common;

/// <summary>How long Idempotency-Key records are kept (configuration section <c>Bss:Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Bss:Idempotency";

    /// <summary>
    /// How long a completed key replays its response. After it the key is forgotten (its row deleted, with the
    /// response and any personal data in it) and a repeat is handled as a new request.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each silo deletes the records of keys past their retention that were never used again.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
