namespace Bss.Grains.Orders;

/// <summary>
/// TEST-ONLY knobs of order completion, bound from <c>Bss:Testing</c> (environment:
/// <c>Bss__Testing__CompletionStepDelay=00:00:00.300</c>). The crash test slows the workflow so it can kill a silo
/// while steps remain; production leaves it unset (no delay).
/// </summary>
public sealed class OrderCompletionOptions
{
    public const string Section = "Bss:Testing";

    /// <summary>A pause before each completion step. Zero (the default) means none.</summary>
    public TimeSpan CompletionStepDelay { get; set; }
}
