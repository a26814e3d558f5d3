using Bss.Domain.Billing;
using Bss.Domain.Invoices;
using Bss.Domain.Products;
using Bss.Domain.Subscriptions;

namespace Bss.Domain.Tests.Billing;

/// <summary>Builders for billing runs: subscriptions, accounts and inputs as the grains would hand them over.</summary>
internal static class BillingTestData
{
    public static readonly Guid CustomerId = Guid.Parse("3f1c9a52-7d4e-4b1a-9e8f-0a2b3c4d5e6f");
    public static readonly Guid SubscriptionId = Guid.Parse("a1b2c3d4-0001-4000-8000-000000000001");
    public static readonly Guid Mobile100 = Guid.Parse("b0000000-0000-4000-8000-000000000100");
    public static readonly Guid Mobile200 = Guid.Parse("b0000000-0000-4000-8000-000000000200");
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 6, 0, 0, TimeSpan.Zero);

    public static SubscriptionState Subscription(
        DateOnly start,
        decimal price,
        BillingPeriod period = BillingPeriod.Monthly,
        Guid? id = null,
        Guid? productId = null,
        string number = "SUB-0001",
        decimal discount = 0m,
        DateOnly? billingStart = null,
        DateOnly? endDate = null,
        SubscriptionStatus status = SubscriptionStatus.Active,
        IReadOnlyList<SubscriptionTerm>? terms = null,
        string currency = "PLN") => new()
        {
            Id = id ?? SubscriptionId,
            SubscriptionNumber = number,
            CustomerId = CustomerId,
            ProductId = productId ?? Mobile100,
            Status = status,
            StartDate = start,
            BillingStart = billingStart ?? start,
            BillingPeriod = period,
            Price = price,
            Currency = currency,
            DiscountAmount = discount,
            NetAmount = price - discount,
            Terms = terms ?? [],
            EndDate = endDate,
            Version = 1,
        };

    public static BillingAccountState Account(int cycleDay = 1, decimal credit = 0m, IReadOnlyList<OneTimeCharge>? pending = null,
        IReadOnlyList<UsageTotal>? usage = null) => new()
    {
        Id = CustomerId,
        CustomerId = CustomerId,
        BillCycleDay = cycleDay,
        Credit = credit,
        PendingCharges = pending ?? [],
        UnratedUsage = UsageById(usage ?? []),
        Version = 1,
    };

    /// <summary>Usage as the account holds it until rated: by record id (here one id per record, in order).</summary>
    public static IReadOnlyDictionary<Guid, UsageTotal> UsageById(IReadOnlyList<UsageTotal> usage) =>
        usage.Select((u, i) => (Id: new Guid(i + 1, 0x7573, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 0), Usage: u)).ToDictionary(x => x.Id, x => x.Usage);

    public static IReadOnlyDictionary<Guid, ProductFacts> ProductsWith(params UsageAllowance[] mobile100Allowances) =>
        new Dictionary<Guid, ProductFacts>
        {
            [Mobile100] = new("Mobile 100", 0.23m, mobile100Allowances),
            [Mobile200] = new("Mobile 200", 0.23m, []),
        };

    public static BillingInput Input(params SubscriptionState[] subscriptions) => new("Jan Kowalski", subscriptions, ProductsWith());

    public static BillingInput Input(IReadOnlyDictionary<Guid, ProductFacts> products, params SubscriptionState[] subscriptions) =>
        new("Jan Kowalski", subscriptions, products);

    public static BillingDecision Run(BillingAccountState account, BillingInput input, DateOnly date)
    {
        var result = BillingRun.Decide(account, input, date, Now);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    public static GeneratedInvoice Single(BillingDecision decision, InvoiceType type) => Assert.Single(decision.Invoices, i => i.Type == type);

    public static (decimal Subtotal, decimal Discount, decimal Tax, decimal Total) Totals(GeneratedInvoice invoice) =>
        Invoice.Totals(invoice.Draft.Items);
}
