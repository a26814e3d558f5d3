namespace Bss.Domain.Addresses;

/// <summary>
/// The countries the frontend offers, by the two-letter codes it sends (ISO 3166-1 alpha-2, except UK for the
/// United Kingdom). The member names are the wire codes, so EnumText and the state JSON spell them the same.
/// </summary>
public enum Country
{
    PL,
    DE,
    FR,
    ES,
    IT,
    UK,
    NL,
    SE,
    NO,
    DK,
    FI,
    CZ,
    SK,
    AT,
    HU,
    RO,
    BG,
    HR,
    SI,
    EE,
    LV,
    LT,
    IE,
    PT,
    GR,
    CY,
    MT,
    LU,
    BE,
}

/// <summary>A country's English name: its display name in the API ("PL" → "Poland").</summary>
public static class CountryNames
{
    private static readonly Dictionary<Country, string> Names = new()
    {
        [Country.PL] = "Poland",
        [Country.DE] = "Germany",
        [Country.FR] = "France",
        [Country.ES] = "Spain",
        [Country.IT] = "Italy",
        [Country.UK] = "United Kingdom",
        [Country.NL] = "Netherlands",
        [Country.SE] = "Sweden",
        [Country.NO] = "Norway",
        [Country.DK] = "Denmark",
        [Country.FI] = "Finland",
        [Country.CZ] = "Czech Republic",
        [Country.SK] = "Slovakia",
        [Country.AT] = "Austria",
        [Country.HU] = "Hungary",
        [Country.RO] = "Romania",
        [Country.BG] = "Bulgaria",
        [Country.HR] = "Croatia",
        [Country.SI] = "Slovenia",
        [Country.EE] = "Estonia",
        [Country.LV] = "Latvia",
        [Country.LT] = "Lithuania",
        [Country.IE] = "Ireland",
        [Country.PT] = "Portugal",
        [Country.GR] = "Greece",
        [Country.CY] = "Cyprus",
        [Country.MT] = "Malta",
        [Country.LU] = "Luxembourg",
        [Country.BE] = "Belgium",
    };

    public static string Display(Country country) => Names[country];
}
