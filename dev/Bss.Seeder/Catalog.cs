namespace Bss.Seeder;

/// <summary>What a customer can take a product as: the main line, a second line, an add-on, or not at all.</summary>
internal enum Offer
{
    Mobile,
    Fixed,
    Bundle,
    Tv,
    MobileAddon,
    FixedAddon,
    TvAddon,
    NotSold,
}

internal enum DeviceKind
{
    Router,
    Modem,
    SetTopBox,
}

/// <summary>
/// A catalog product, the service definition a subscription to it activates, the device it ships with and whether
/// it needs a SIM card. <paramref name="FinalStatus"/> moves legacy offers out of sale after they are created.
/// </summary>
internal sealed record ProductSpec(
    string Code, string Name, string Description, string Type, string Category, decimal Price, string BillingPeriod,
    Offer Offer, int Weight = 1, string? ServiceCode = null, DeviceKind? Device = null, bool NeedsSim = false,
    long? DataLimitMb = null, string? FinalStatus = null);

internal sealed record ServiceSpec(
    string Code, string Name, string Description, string Type, string Category, string? Technology, decimal Price,
    string? DataLimit = null, string? Speed = null, int? VoiceMinutes = null, int? SmsCount = null,
    string[]? Features = null, decimal? SlaUptime = null, string SupportLevel = "STANDARD", string Status = "ACTIVE",
    int? MaxCustomerCount = null);

internal sealed record DeviceModel(DeviceKind Kind, string AssetType, string Manufacturer, string Model, string Name, string SerialPrefix);

/// <summary>The demo operator's catalog, in PLN.</summary>
internal static class Catalog
{
    public static readonly ServiceSpec[] Services =
    [
        new("FIBER_300", "Światłowód 300 Mb/s", "FTTH access, 300/100 Mb/s", "INTERNET", "BROADBAND", "FIBER", 59.99m,
            Speed: "300/100 Mbps", Features: ["Wi-Fi 6 router", "IPv6", "No data limit"], SlaUptime: 99.5m),
        new("FIBER_600", "Światłowód 600 Mb/s", "FTTH access, 600/300 Mb/s", "INTERNET", "BROADBAND", "FIBER", 79.99m,
            Speed: "600/300 Mbps", Features: ["Wi-Fi 6 router", "IPv6", "No data limit"], SlaUptime: 99.5m),
        new("FIBER_1G", "Światłowód 1 Gb/s", "FTTH access, 1000/500 Mb/s", "INTERNET", "BROADBAND", "FIBER", 99.99m,
            Speed: "1000/500 Mbps", Features: ["Wi-Fi 6E router", "IPv6", "No data limit", "Priority support"], SlaUptime: 99.7m,
            SupportLevel: "PREMIUM"),
        new("FIBER_2G", "Światłowód 2 Gb/s", "FTTH access, 2000/1000 Mb/s", "INTERNET", "BROADBAND", "FIBER", 149.99m,
            Speed: "2000/1000 Mbps", Features: ["Wi-Fi 7 router", "IPv6", "No data limit"], SlaUptime: 99.7m, SupportLevel: "PREMIUM"),
        new("LTE_100", "Internet domowy LTE", "Fixed wireless over 4G, up to 100 Mb/s", "INTERNET", "BROADBAND", "4G", 49.99m,
            DataLimit: "300 GB", Speed: "100/25 Mbps", Features: ["LTE modem", "Outdoor antenna option"]),
        new("NR_5G_HOME", "Internet domowy 5G", "Fixed wireless over 5G NSA, up to 600 Mb/s", "INTERNET", "BROADBAND", "5G", 79.99m,
            DataLimit: "Unlimited", Speed: "600/75 Mbps", Features: ["5G modem", "No data limit"]),
        new("DSL_20", "Internet DSL 20 Mb/s", "Legacy copper access, no longer sold", "INTERNET", "BROADBAND", "DSL", 39.99m,
            Speed: "20/1 Mbps", Status: "INACTIVE", SupportLevel: "BASIC"),
        new("IPTV_BASIC", "Telewizja Start", "IPTV, 60 channels", "TELEVISION", "VIDEO", "FIBER", 29.99m,
            Features: ["60 channels", "Catch-up 7 days"]),
        new("IPTV_FAMILY", "Telewizja Rodzinna", "IPTV, 120 channels incl. kids", "TELEVISION", "VIDEO", "FIBER", 49.99m,
            Features: ["120 channels", "Catch-up 7 days", "Multiroom ready"]),
        new("IPTV_PREMIUM", "Telewizja Premium", "IPTV, 180 channels, 4K, cinema", "TELEVISION", "VIDEO", "FIBER", 89.99m,
            Features: ["180 channels", "4K", "Catch-up 14 days", "Cloud DVR 100 h"], SupportLevel: "PREMIUM"),
        new("IPTV_SPORT", "Pakiet Sport", "Sports channels add-on", "TELEVISION", "VIDEO", "FIBER", 39.99m,
            Features: ["8 sports channels", "4K matches"]),
        new("MOBILE_VOICE", "Telefonia komórkowa 4G", "Voice, SMS and data on 4G/VoLTE", "MOBILE", "MOBILE", "4G", 19.99m,
            VoiceMinutes: 10_000, SmsCount: 10_000, Features: ["VoLTE", "Wi-Fi Calling", "EU roaming"]),
        new("MOBILE_5G", "Mobilny internet 5G", "5G NSA mobile data", "MOBILE", "MOBILE", "5G", 29.99m,
            DataLimit: "100 GB", Speed: "Up to 1 Gbps", Features: ["5G", "Hotspot"]),
        new("VOIP_HOME", "Telefon domowy VoIP", "Landline over the fibre router", "VOICE", "VOICE", "VOIP", 9.99m,
            VoiceMinutes: 3000, Features: ["Number porting", "Voicemail"]),
        new("STATIC_IP", "Stały adres IP", "One public static IPv4 address", "INTERNET", "BROADBAND", "FIBER", 10.00m),
        new("CLOUD_BACKUP", "Kopia w chmurze", "Encrypted cloud backup", "CLOUD_SERVICES", "CLOUD", "CLOUD_NATIVE", 9.99m,
            DataLimit: "100 GB", Features: ["End-to-end encryption", "Versioning 30 days"], SupportLevel: "BASIC"),
        new("SEC_SHIELD", "Bezpieczny Internet", "DNS filtering and parental control", "SECURITY", "BROADBAND", null, 7.99m,
            Features: ["Malware blocking", "Parental control"], SupportLevel: "BASIC"),
        new("5G_SA_PILOT", "5G Standalone (pilot)", "Network slicing pilot for business", "MOBILE", "EMERGING", "5G", 199.00m,
            Status: "PLANNED", SupportLevel: "ENTERPRISE", MaxCustomerCount: 50, SlaUptime: 99.9m),
    ];

    public static readonly ProductSpec[] Products =
    [
        new("MOB-START-S", "Komórka Start S", "Unlimited calls and SMS, 10 GB", "TARIFF", "MOBILE", 29.99m, "MONTHLY",
            Offer.Mobile, 3, "MOBILE_VOICE", NeedsSim: true, DataLimitMb: 10_240),
        new("MOB-SMART-M", "Komórka Smart M", "Unlimited calls and SMS, 40 GB, EU roaming", "TARIFF", "MOBILE", 49.99m, "MONTHLY",
            Offer.Mobile, 5, "MOBILE_VOICE", NeedsSim: true, DataLimitMb: 40_960),
        new("MOB-SMART-L", "Komórka Smart L", "Unlimited calls and SMS, 100 GB 5G", "TARIFF", "MOBILE", 69.99m, "MONTHLY",
            Offer.Mobile, 3, "MOBILE_5G", NeedsSim: true, DataLimitMb: 102_400),
        new("MOB-UNLIMITED", "Komórka Bez Limitu", "Unlimited data on 5G", "TARIFF", "MOBILE", 99.99m, "MONTHLY",
            Offer.Mobile, 1, "MOBILE_5G", NeedsSim: true),
        new("MOB-BIZ-PRO", "Biznes Pro", "Business line: unlimited, 150 GB, priority care", "TARIFF", "MOBILE", 119.00m, "MONTHLY",
            Offer.Mobile, 1, "MOBILE_VOICE", NeedsSim: true, DataLimitMb: 153_600),
        new("MOB-PREPAID-25", "Na kartę 25 zł", "Prepaid starter with 25 zł credit", "TARIFF", "MOBILE", 25.00m, "ONE_TIME",
            Offer.Mobile, 1, NeedsSim: true, DataLimitMb: 5_120),
        new("MOB-CLASSIC-2019", "Komórka Classic 2019", "Legacy tariff, no longer sold", "TARIFF", "MOBILE", 39.00m, "MONTHLY",
            Offer.NotSold, FinalStatus: "DEPRECATED"),
        new("NET-FIBER-300", "Światłowód 300", "Fibre internet 300/100 Mb/s with Wi-Fi 6 router", "TARIFF", "BROADBAND", 59.99m, "MONTHLY",
            Offer.Fixed, 3, "FIBER_300", DeviceKind.Router),
        new("NET-FIBER-600", "Światłowód 600", "Fibre internet 600/300 Mb/s with Wi-Fi 6 router", "TARIFF", "BROADBAND", 79.99m, "MONTHLY",
            Offer.Fixed, 4, "FIBER_600", DeviceKind.Router),
        new("NET-FIBER-1G", "Światłowód 1 Giga", "Fibre internet 1 Gb/s with Wi-Fi 6E router", "TARIFF", "BROADBAND", 99.99m, "MONTHLY",
            Offer.Fixed, 2, "FIBER_1G", DeviceKind.Router),
        new("NET-FIBER-2G", "Światłowód 2 Giga", "Fibre internet 2 Gb/s, Wi-Fi 7", "TARIFF", "BROADBAND", 149.99m, "MONTHLY",
            Offer.NotSold, ServiceCode: "FIBER_2G", FinalStatus: "INACTIVE"),
        new("NET-LTE-HOME", "Internet domowy LTE", "Home internet over 4G, 300 GB", "TARIFF", "BROADBAND", 49.99m, "MONTHLY",
            Offer.Fixed, 2, "LTE_100", DeviceKind.Modem),
        new("NET-5G-HOME", "Internet domowy 5G", "Home internet over 5G, no data limit", "TARIFF", "BROADBAND", 79.99m, "MONTHLY",
            Offer.Fixed, 2, "NR_5G_HOME", DeviceKind.Modem),
        new("NET-DSL-20", "Neostrada DSL 20", "Legacy DSL 20 Mb/s", "TARIFF", "BROADBAND", 39.99m, "MONTHLY",
            Offer.NotSold, ServiceCode: "DSL_20", FinalStatus: "DEPRECATED"),
        new("TV-START", "Telewizja Start", "60 channels with catch-up", "TARIFF", "TV", 29.99m, "MONTHLY",
            Offer.Tv, 3, "IPTV_BASIC", DeviceKind.SetTopBox),
        new("TV-FAMILY", "Telewizja Rodzinna", "120 channels incl. kids and documentaries", "TARIFF", "TV", 49.99m, "MONTHLY",
            Offer.Tv, 3, "IPTV_FAMILY", DeviceKind.SetTopBox),
        new("TV-PREMIUM", "Telewizja Premium 4K", "180 channels, 4K, cinema package", "TARIFF", "TV", 89.99m, "MONTHLY",
            Offer.Tv, 1, "IPTV_PREMIUM", DeviceKind.SetTopBox),
        new("BND-FIBER-TV", "Pakiet Dom: Światłowód 600 + TV", "Fibre 600 Mb/s with the family TV package", "BUNDLE", "BROADBAND",
            109.99m, "MONTHLY", Offer.Bundle, 3, "FIBER_600", DeviceKind.Router),
        new("BND-FIBER-MOBILE", "Pakiet Rodzina: Światłowód + 2 komórki", "Fibre 1 Gb/s with two Smart M lines", "BUNDLE", "BROADBAND",
            159.99m, "MONTHLY", Offer.Bundle, 2, "FIBER_1G", DeviceKind.Router),
        new("ADD-DATA-20GB", "Dodatkowe 20 GB", "Extra 20 GB of mobile data each month", "ADDON", "MOBILE", 15.00m, "MONTHLY",
            Offer.MobileAddon, 3),
        new("ADD-ROAMING-WORLD", "Roaming Świat", "Calls and 5 GB outside the EU", "ADDON", "MOBILE", 29.99m, "MONTHLY",
            Offer.MobileAddon, 1),
        new("ADD-STATIC-IP", "Stały adres IP", "Public static IPv4 address", "ADDON", "BROADBAND", 10.00m, "MONTHLY",
            Offer.FixedAddon, 2, "STATIC_IP"),
        new("ADD-VOIP", "Telefon domowy", "VoIP landline on the router", "ADDON", "BROADBAND", 9.99m, "MONTHLY",
            Offer.FixedAddon, 2, "VOIP_HOME"),
        new("ADD-SECURITY", "Bezpieczny Internet", "Malware blocking and parental control", "ADDON", "BROADBAND", 7.99m, "MONTHLY",
            Offer.FixedAddon, 2, "SEC_SHIELD"),
        new("ADD-CLOUD-100", "Chmura 100 GB", "Encrypted cloud backup, 100 GB", "ADDON", "CLOUD", 9.99m, "MONTHLY",
            Offer.FixedAddon, 1, "CLOUD_BACKUP"),
        new("ADD-CLOUD-1TB-YEAR", "Chmura 1 TB (rocznie)", "Encrypted cloud backup, 1 TB, billed yearly", "ADDON", "CLOUD", 199.00m,
            "YEARLY", Offer.FixedAddon, 1, "CLOUD_BACKUP"),
        new("ADD-TV-SPORT", "Pakiet Sport", "8 sports channels in 4K", "ADDON", "TV", 39.99m, "MONTHLY",
            Offer.TvAddon, 2, "IPTV_SPORT"),
        new("ADD-TV-MULTIROOM", "Multiroom", "A second set-top box", "ADDON", "TV", 10.00m, "MONTHLY",
            Offer.TvAddon, 1, Device: DeviceKind.SetTopBox),
        new("SRV-INSTALL", "Instalacja technika", "Installation by a technician", "SERVICE", "BROADBAND", 199.00m, "ONE_TIME",
            Offer.NotSold),
        new("SRV-DEVICE-INSURANCE", "Ubezpieczenie sprzętu", "Device insurance", "SERVICE", "MOBILE", 12.99m, "MONTHLY",
            Offer.MobileAddon, 1),
    ];

    public static readonly DeviceModel[] Devices =
    [
        new(DeviceKind.Router, "ROUTER", "ZTE", "F6600P", "ZTE F6600P Wi-Fi 6 ONT router", "ZTEG"),
        new(DeviceKind.Router, "ROUTER", "Nokia", "G-2425G-A", "Nokia G-2425G-A ONT router", "ALCL"),
        new(DeviceKind.Router, "ROUTER", "TP-Link", "Archer AX55", "TP-Link Archer AX55 router", "TPLK"),
        new(DeviceKind.Modem, "MODEM", "Huawei", "B535-232", "Huawei B535-232 LTE modem", "HWB5"),
        new(DeviceKind.Modem, "MODEM", "ZTE", "MC888", "ZTE MC888 5G modem", "ZTEM"),
        new(DeviceKind.SetTopBox, "SET_TOP_BOX", "Kaon", "KSTB6077", "Kaon KSTB6077 4K set-top box", "KAON"),
        new(DeviceKind.SetTopBox, "SET_TOP_BOX", "Arris", "VIP5202", "Arris VIP5202 set-top box", "ARRS"),
    ];

    public static IReadOnlyList<(ProductSpec Item, int Weight)> Sold(params Offer[] offers) =>
        Products.Where(p => offers.Contains(p.Offer)).Select(p => (p, p.Weight)).ToArray();

    public static IReadOnlyList<DeviceModel> ModelsOf(DeviceKind kind) => Devices.Where(d => d.Kind == kind).ToArray();
}
