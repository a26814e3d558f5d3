using Bss.Domain.Billing;
using Bss.Domain.Common;
using static Bss.Domain.Tests.Billing.BillingTestData;

namespace Bss.Domain.Tests.Billing;

public class OneTimeChargesTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static OneTimeCharge Router(DateOnly chargedOn, string key = "order/1/0") =>
        new(key, "Router (order ORD-1)", null, 1, 199.00m, 0.23m, chargedOn);

    private static BillingAccountState Accept(BillingAccountState account, OneTimeCharge charge)
    {
        var result = OneTimeCharges.Accept(account, charge, a => a.NextVersion<BillingAccountState>(Now));
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    [Fact]
    public void Accept_SameKeyTwice_ChargesOnce()
    {
        var once = Accept(Account(), Router(D(2026, 1, 10)));

        var twice = Accept(once, Router(D(2026, 1, 10)));

        Assert.Same(once, twice);
        Assert.Single(twice.PendingCharges);
    }

    [Fact]
    public void Run_KeepsTheKeyUntilTheCycleDateBeforeTheRunSettlesItsDate()
    {
        var account = Accept(Account(), Router(D(2026, 1, 10)));

        var february = Run(account, Input(), D(2026, 2, 1)).Account;
        var march = Run(february, Input(), D(2026, 3, 1)).Account;

        // The run of 1 February bills the charge and settles through 1 January: the key (10 January) is kept.
        Assert.Empty(february.PendingCharges);
        Assert.Equal(D(2026, 1, 1), february.ChargesSettledThrough);
        Assert.True(february.DatedChargeKeys.ContainsKey("order/1/0"));
        // The run of 1 March settles through 1 February: 10 January is settled and its key forgotten.
        Assert.Equal(D(2026, 2, 1), march.ChargesSettledThrough);
        Assert.Empty(march.DatedChargeKeys);
    }

    [Fact]
    public void Accept_LateRepeatAfterItsKeyWasForgotten_IsRefusedAndNeverBilledAgain()
    {
        var billed = Run(Accept(Account(), Router(D(2026, 1, 10))), Input(), D(2026, 2, 1));
        var pruned = Run(billed.Account, Input(), D(2026, 3, 1)).Account;

        var repeat = OneTimeCharges.Accept(pruned, Router(D(2026, 1, 10)), a => a.NextVersion<BillingAccountState>(Now));

        Assert.Equal(ErrorKind.Conflict, repeat.Error!.Kind);
        Assert.Equal(["falls in a period already settled"], repeat.Error.FieldErrors!["chargedOn"]);
        Assert.Empty(Run(pruned, Input(), D(2026, 4, 1)).Invoices);
    }

    [Fact]
    public void Accept_NewChargeDatedAfterTheSettledDays_IsAccepted()
    {
        var pruned = Run(Run(Accept(Account(), Router(D(2026, 1, 10))), Input(), D(2026, 2, 1)).Account, Input(), D(2026, 3, 1)).Account;

        var next = Accept(pruned, Router(D(2026, 2, 2), key: "order/2/0"));

        Assert.Single(next.PendingCharges);
    }

    [Fact]
    public void Run_SameDateAgain_DoesNotSettleFurther()
    {
        var account = Accept(Account(), Router(D(2026, 2, 1)));
        var first = Run(account, Input(), D(2026, 2, 1)).Account;

        var again = Run(first, Input(), D(2026, 2, 1)).Account;

        Assert.Equal(D(2026, 1, 1), again.ChargesSettledThrough);
        Assert.True(again.DatedChargeKeys.ContainsKey("order/1/0"));
    }
}
