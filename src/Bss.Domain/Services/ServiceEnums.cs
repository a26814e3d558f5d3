namespace Bss.Domain.Services;

/// <summary>What a service definition sells. Codes and display names: <see cref="ServiceCodes"/>.</summary>
public enum ServiceType
{
    Internet,
    Voice,
    Television,
    Mobile,
    CloudServices,
    IoT,
    Vpn,
    Cdn,
    Security,
    Consulting,
}

public enum ServiceCategory
{
    Broadband,
    Voice,
    Video,
    Mobile,
    Cloud,
    Enterprise,
    Emerging,
}

public enum ServiceStatus
{
    Active,
    Inactive,
    Planned,
    Deprecated,
    Suspended,
}

/// <summary>The access technology; the contract's codes "4G" and "5G" cannot be C# names.</summary>
public enum ServiceTechnology
{
    Dsl,
    Fiber,
    Cable,
    FourG,
    FiveG,
    Wifi,
    Satellite,
    Ethernet,
    Voip,
    CloudNative,
}

public enum BillingCycle
{
    Monthly,
    Quarterly,
    Yearly,
    OneTime,
}

public enum SupportLevel
{
    Basic,
    Standard,
    Premium,
    Enterprise,
}
