namespace Bss.Domain.Billing;

/// <summary>What a usage record measures, each in its own unit: DATA in MB, VOICE in minutes, SMS in messages.</summary>
public enum UsageType
{
    Data,
    Voice,

    [System.ComponentModel.Description("SMS")]
    Sms,
}

/// <summary>
/// How much of one usage type a product includes per billing period, and the net price of each unit beyond that.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UsageAllowance(
    [property: Id(0)] UsageType UsageType,
    [property: Id(1)] decimal Included,
    [property: Id(2)] decimal UnitPrice);

public static class UsageUnits
{
    public static string Of(UsageType type) => type switch
    {
        UsageType.Data => "MB",
        UsageType.Voice => "min",
        _ => "SMS",
    };
}
