using System.Globalization;

namespace Bss.Seeder;

internal sealed record SubscriptionPlan(int Slot, ProductSpec Product, bool Activate, DeviceModel? Device, bool Sim, bool Suspend);

internal sealed record InvoicePlan(int Slot, int Month, bool Issue, bool Pay, string PaymentMethod);

/// <summary>Everything the seeder creates for one customer, decided up front from the customer's index alone.</summary>
internal sealed record CustomerPlan(
    int Index, Person Person, IReadOnlyList<(PostalAddress Address, string Type, string? Status)> Addresses,
    IReadOnlyList<SubscriptionPlan> Subscriptions, IReadOnlyList<InvoicePlan> Invoices, bool Order, string? FinalStatus)
{
    private static readonly string[] PaymentMethods = ["BANK_TRANSFER", "BANK_TRANSFER", "CARD", "DIRECT_DEBIT", "MOBILE_PAY", "CASH"];

    public static CustomerPlan For(int index)
    {
        var random = Prng.For(index, "customer");
        var person = PolishData.PersonFor(index, random);

        var addresses = new List<(PostalAddress, string, string?)> { (PolishData.AddressFor(random), "SERVICE", AddressStatus(random)) };
        if (random.Chance(0.45))
        {
            addresses.Add((PolishData.AddressFor(random), random.Chance(0.6) ? "BILLING" : "CORRESPONDENCE", AddressStatus(random)));
        }

        var products = new List<ProductSpec> { random.Weighted(Catalog.Sold(Offer.Mobile, Offer.Fixed, Offer.Bundle)) };
        var main = products[0].Offer;
        if (random.Chance(0.55))
        {
            products.Add(random.Weighted(Catalog.Sold(main == Offer.Mobile ? [Offer.Fixed, Offer.Tv] : [Offer.Mobile, Offer.Tv])));
        }

        if (random.Chance(0.35))
        {
            var addons = products.Select(p => p.Offer switch
            {
                Offer.Mobile => Offer.MobileAddon,
                Offer.Tv => Offer.TvAddon,
                _ => Offer.FixedAddon,
            }).ToArray();
            products.Add(random.Weighted(Catalog.Sold(addons)));
        }

        var subscriptions = products.Select((product, i) => new SubscriptionPlan(
            i + 1, product,
            Activate: product.ServiceCode is not null && random.Chance(0.7),
            Device: product.Device is { } kind && random.Chance(0.9) ? random.Pick(Catalog.ModelsOf(kind)) : null,
            Sim: product.NeedsSim && random.Chance(0.95),
            Suspend: random.Chance(0.04))).ToArray();

        var invoices = new List<InvoicePlan>();
        if (random.Chance(0.4))
        {
            var count = random.Between(1, 2);
            for (var slot = 1; slot <= count; slot++)
            {
                var issue = random.Chance(0.8);
                invoices.Add(new InvoicePlan(slot, random.Between(1, 12), issue, issue && random.Chance(0.6), random.Pick(PaymentMethods)));
            }
        }

        var roll = random.Below(100);
        var finalStatus = roll switch
        {
            < 3 => "SUSPENDED",
            < 5 => "INACTIVE",
            _ => null,
        };
        return new CustomerPlan(index, person, addresses, subscriptions, invoices, random.Chance(0.2), finalStatus);
    }

    private static string? AddressStatus(Prng random) => random.Below(100) switch
    {
        < 85 => "ACTIVE",
        < 90 => "INACTIVE",
        _ => null,
    };
}

/// <summary>
/// Deterministic keys and unique values. The tag (empty for the demo data, set by tests) goes into every key and
/// unique code and picks a separate number block for ICCIDs, IMSIs and MSISDNs, so tagged runs never collide with
/// the demo data or each other.
/// </summary>
internal sealed class Identifiers(string tag)
{
    private const string Version = "seed-v1";

    /// <summary>0 for the demo data; 100..999 for a tag.</summary>
    private readonly int _block = tag.Length == 0 ? 0 : 100 + (int)(Prng.For(0, tag).Next() % 900);

    public string Tag => tag;

    public string Key(string what, int index, int slot = 0) =>
        string.Create(CultureInfo.InvariantCulture, $"{Version}{Suffix('-')}-{what}-{index:D5}{(slot > 0 ? $"-{slot}" : "")}");

    public string Key(string what, string code) => $"{Version}{Suffix('-')}-{what}-{code}";

    /// <summary>A unique code: the catalog's code, with "-TAG" when tagged.</summary>
    public string Code(string code) => code + Suffix('-');

    /// <summary>Number space of an item: 1 for what customers hold, 9 for stock.</summary>
    public static int Number(bool stock, int index, int slot) => stock ? index : (index * 4) + slot;

    public string AssetTag(bool stock, int index, int slot) => stock
        ? string.Create(CultureInfo.InvariantCulture, $"STK-{index:D6}{Suffix('-')}")
        : string.Create(CultureInfo.InvariantCulture, $"DEV-{index:D6}-{slot}{Suffix('-')}");

    public string Serial(DeviceModel model, bool stock, int index, int slot) => string.Create(CultureInfo.InvariantCulture,
        $"{model.SerialPrefix}{_block:D3}{(stock ? 9 : 1)}{Number(stock, index, slot):D8}");

    /// <summary>19 digits: 89 (telecom), 48 (Poland), issuer 03, block, kind, serial, Luhn digit.</summary>
    public string Iccid(bool stock, int index, int slot)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"894803{_block:D3}{(stock ? 9 : 1)}{Number(stock, index, slot):D8}");
        return body + PolishData.LuhnDigit(body);
    }

    /// <summary>15 digits: MCC 260, MNC 03, then block, kind and serial.</summary>
    public string Imsi(bool stock, int index, int slot) => string.Create(CultureInfo.InvariantCulture,
        $"26003{_block:D3}{(stock ? 9 : 1)}{Number(stock, index, slot) % 1_000_000:D6}");

    /// <summary>48 and 9 digits, without "+" as the API stores it: 485… for the demo data, 486 + block … for a tag.</summary>
    public string Msisdn(bool stock, int index, int slot)
    {
        var number = Number(stock, index, slot);
        return _block == 0
            ? string.Create(CultureInfo.InvariantCulture, $"485{(stock ? 9 : 1)}{number % 10_000_000:D7}")
            : string.Create(CultureInfo.InvariantCulture, $"486{_block:D3}{(stock ? 9 : 1)}{number % 10_000:D4}");
    }

    private string Suffix(char separator) => tag.Length == 0 ? "" : separator + tag;
}
