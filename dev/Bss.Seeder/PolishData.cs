using System.Globalization;
using System.Text;

namespace Bss.Seeder;

internal sealed record Person(string FirstName, string LastName, string Email, string Pesel, string? Nip, string? Phone);

internal sealed record PostalAddress(
    string Street, string HouseNumber, string? ApartmentNumber, string PostalCode, string City, string Region,
    decimal Latitude, decimal Longitude);

/// <summary>Realistic Polish people and addresses, and valid national identifiers (PESEL, NIP).</summary>
internal static class PolishData
{
    private static readonly string[] MaleFirstNames =
    [
        "Jan", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub", "Adam", "Łukasz",
        "Mateusz", "Marek", "Grzegorz", "Wojciech", "Kamil", "Maciej", "Rafał", "Dawid", "Szymon", "Bartosz", "Filip",
        "Antoni", "Stanisław", "Zbigniew", "Jerzy", "Kacper", "Dariusz",
    ];

    private static readonly string[] FemaleFirstNames =
    [
        "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena", "Joanna", "Aleksandra",
        "Monika", "Zofia", "Natalia", "Karolina", "Julia", "Marta", "Beata", "Dorota", "Justyna", "Paulina", "Weronika",
        "Alicja", "Agata", "Halina", "Iwona", "Elżbieta", "Krystyna", "Hanna",
    ];

    /// <summary>Male forms; -ski/-cki/-dzki take -ska/-cka/-dzka for women, the rest are the same for both.</summary>
    private static readonly string[] LastNames =
    [
        "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
        "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Wojciechowski", "Kwiatkowski", "Krawczyk",
        "Kaczmarek", "Piotrowski", "Grabowski", "Zając", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński",
        "Wróbel", "Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski", "Adamczyk", "Dudek",
        "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora", "Baran", "Rutkowski", "Michalak", "Szewczyk",
        "Ostrowski", "Tomaszewski", "Pietrzak", "Zalewski", "Wróblewski",
    ];

    private static readonly string[] Streets =
    [
        "Marszałkowska", "Piłsudskiego", "Mickiewicza", "Słowackiego", "Kościuszki", "Długa", "Polna", "Leśna",
        "Ogrodowa", "Lipowa", "Szkolna", "Kwiatowa", "Sienkiewicza", "3 Maja", "Jana Pawła II", "Kolejowa", "Parkowa",
        "Słoneczna", "Wolności", "Żeromskiego", "Chopina", "Konopnickiej", "Reymonta", "Prusa", "Grunwaldzka",
        "Mokotowska", "Pomorska", "Wrocławska", "Krakowska", "Warszawska",
    ];

    /// <summary>City, first two digits of its postal codes (from..to), voivodeship, centre, weight (≈ population).</summary>
    private static readonly (string City, int From, int To, string Region, decimal Lat, decimal Lon, int Weight)[] Cities =
    [
        ("Warszawa", 0, 4, "mazowieckie", 52.2297m, 21.0122m, 18),
        ("Kraków", 30, 31, "małopolskie", 50.0647m, 19.9450m, 8),
        ("Łódź", 90, 94, "łódzkie", 51.7592m, 19.4560m, 7),
        ("Wrocław", 50, 54, "dolnośląskie", 51.1079m, 17.0385m, 7),
        ("Poznań", 60, 61, "wielkopolskie", 52.4064m, 16.9252m, 5),
        ("Gdańsk", 80, 80, "pomorskie", 54.3520m, 18.6466m, 5),
        ("Szczecin", 70, 71, "zachodniopomorskie", 53.4285m, 14.5528m, 4),
        ("Bydgoszcz", 85, 85, "kujawsko-pomorskie", 53.1235m, 18.0084m, 3),
        ("Lublin", 20, 20, "lubelskie", 51.2465m, 22.5684m, 3),
        ("Białystok", 15, 15, "podlaskie", 53.1325m, 23.1688m, 3),
        ("Katowice", 40, 40, "śląskie", 50.2649m, 19.0238m, 3),
        ("Gdynia", 81, 81, "pomorskie", 54.5189m, 18.5305m, 2),
        ("Częstochowa", 42, 42, "śląskie", 50.8118m, 19.1203m, 2),
        ("Radom", 26, 26, "mazowieckie", 51.4027m, 21.1471m, 2),
        ("Toruń", 87, 87, "kujawsko-pomorskie", 53.0138m, 18.5984m, 2),
        ("Rzeszów", 35, 35, "podkarpackie", 50.0412m, 21.9991m, 2),
        ("Kielce", 25, 25, "świętokrzyskie", 50.8661m, 20.6286m, 2),
        ("Olsztyn", 10, 10, "warmińsko-mazurskie", 53.7784m, 20.4801m, 2),
        ("Opole", 45, 45, "opolskie", 50.6751m, 17.9213m, 1),
        ("Zielona Góra", 65, 65, "lubuskie", 51.9356m, 15.5062m, 1),
        ("Gorzów Wielkopolski", 66, 66, "lubuskie", 52.7368m, 15.2288m, 1),
    ];

    private static readonly string[] EmailDomains = ["example.pl", "example.com", "poczta.example.pl", "mail.example.org"];

    /// <summary>Tax office prefixes that real NIPs start with (Warszawa, Kraków, Wrocław, Poznań, Gdańsk).</summary>
    private static readonly string[] NipPrefixes = ["525", "521", "701", "676", "897", "779", "583"];

    private static readonly int[] PeselWeights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    private static readonly int[] NipWeights = [6, 5, 7, 2, 3, 4, 5, 6, 7];

    public static Person PersonFor(int index, Prng random)
    {
        var female = random.Chance(0.5);
        var first = random.Pick(female ? FemaleFirstNames : MaleFirstNames);
        var last = LastNameFor(random.Pick(LastNames), female);
        var birth = new DateOnly(1945, 1, 1).AddDays(random.Below(60 * 365));
        var pesel = Pesel(birth, serial: index % 1000, female);
        var nip = random.Chance(0.12) ? Nip(random) : null;
        var phone = random.Chance(0.9) ? "+48" + random.Pick(["50", "51", "53", "60", "66", "69", "72", "78", "79", "88"]) +
            random.Between(0, 9_999_999).ToString("D7", CultureInfo.InvariantCulture) : null;
        var email = $"{Ascii(first)}.{Ascii(last)}{index}@{random.Pick(EmailDomains)}";
        return new Person(first, last, email, pesel, nip, phone);
    }

    public static PostalAddress AddressFor(Prng random)
    {
        var city = random.Weighted(Cities.Select(c => (c, c.Weight)).ToArray());
        var postal = $"{random.Between(city.From, city.To):D2}-{random.Between(1, 999):D3}";
        var house = random.Between(1, 180).ToString(CultureInfo.InvariantCulture) + (random.Chance(0.1) ? "A" : "");
        var apartment = random.Chance(0.55) ? random.Between(1, 120).ToString(CultureInfo.InvariantCulture) : null;
        var lat = Math.Round(city.Lat + (random.Below(2001) - 1000) / 20000m, 6);
        var lon = Math.Round(city.Lon + (random.Below(2001) - 1000) / 14000m, 6);
        return new PostalAddress(random.Pick(Streets), house, apartment, postal, city.City, city.Region, lat, lon);
    }

    /// <summary>A PESEL for the birth date: YYMMDD (the month carries the century), 3 serial digits, the sex digit
    /// (even for women), and the checksum digit.</summary>
    public static string Pesel(DateOnly birth, int serial, bool female)
    {
        var month = birth.Month + birth.Year switch
        {
            < 1900 => 80,
            < 2000 => 0,
            < 2100 => 20,
            _ => 40,
        };
        var sexDigit = (serial % 5 * 2) + (female ? 0 : 1);
        var body = string.Create(CultureInfo.InvariantCulture, $"{birth.Year % 100:D2}{month:D2}{birth.Day:D2}{serial:D3}{sexDigit}");
        var sum = 0;
        for (var i = 0; i < PeselWeights.Length; i++)
        {
            sum += (body[i] - '0') * PeselWeights[i];
        }

        return body + ((10 - sum % 10) % 10).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A NIP with a valid checksum (weights 6,5,7,2,3,4,5,6,7; sum mod 11, never 10).</summary>
    public static string Nip(Prng random)
    {
        while (true)
        {
            var body = random.Pick(NipPrefixes) + random.Between(0, 999_999).ToString("D6", CultureInfo.InvariantCulture);
            var sum = 0;
            for (var i = 0; i < NipWeights.Length; i++)
            {
                sum += (body[i] - '0') * NipWeights[i];
            }

            if (sum % 11 != 10)
            {
                return body + (sum % 11).ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>The Luhn check digit that completes <paramref name="digits"/> (ICCIDs end with one).</summary>
    public static char LuhnDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (char)('0' + (10 - sum % 10) % 10);
    }

    private static string LastNameFor(string male, bool female)
    {
        if (!female)
        {
            return male;
        }

        foreach (var suffix in new[] { "ski", "cki", "dzki" })
        {
            if (male.EndsWith(suffix, StringComparison.Ordinal))
            {
                return male[..^1] + "a";
            }
        }

        return male;
    }

    /// <summary>Lower-case ASCII for an email's local part: "Łukasz" → "lukasz".</summary>
    private static string Ascii(string text)
    {
        var map = new Dictionary<char, char>
        {
            ['ą'] = 'a', ['ć'] = 'c', ['ę'] = 'e', ['ł'] = 'l', ['ń'] = 'n', ['ó'] = 'o', ['ś'] = 's', ['ź'] = 'z', ['ż'] = 'z',
        };
        var result = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            result.Append(map.TryGetValue(c, out var plain) ? plain : c);
        }

        return result.ToString().Replace(" ", "", StringComparison.Ordinal);
    }
}
