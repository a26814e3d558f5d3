using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Invoices;
using static Bss.Domain.Tests.Billing.BillingTestData;

namespace Bss.Domain.Tests.Billing;

/// <summary>The billing account's bookkeeping rules: each returns the next version, or null when nothing changes.</summary>
public class BillingAccountRulesTests
{
    private static readonly DateTimeOffset Later = Now.AddHours(1);
    private static readonly Guid PaymentA = Guid.Parse("c0000000-0000-4000-8000-00000000000a");
    private static readonly Guid InvoiceA = Guid.Parse("d0000000-0000-4000-8000-00000000000a");
    private static readonly Guid InvoiceB = Guid.Parse("d0000000-0000-4000-8000-00000000000b");
    private static readonly Guid InvoiceC = Guid.Parse("d0000000-0000-4000-8000-00000000000c");

    [Fact]
    public void TrackSubscription_New_AddsItInTheNextVersion_Known_ChangesNothing()
    {
        var account = Account();

        var next = BillingAccount.TrackSubscription(account, SubscriptionId, Later);

        Assert.NotNull(next);
        Assert.Equal([SubscriptionId], next.SubscriptionIds);
        Assert.Equal(account.Version + 1, next.Version);
        Assert.Equal(Later, next.UpdatedAt);
        Assert.Empty(account.SubscriptionIds);
        Assert.Null(BillingAccount.TrackSubscription(next, SubscriptionId, Later));
    }

    [Fact]
    public void TrackSubscription_AccountNeverStored_IsItsFirstVersionForTheCustomer()
    {
        var account = new BillingAccountState { Id = CustomerId, CustomerId = CustomerId };

        var first = BillingAccount.TrackSubscription(account, SubscriptionId, Later);

        Assert.NotNull(first);
        Assert.Equal(1, first.Version);
        Assert.Equal(CustomerId, first.Id);
        Assert.Equal(CustomerId, first.CustomerId);
        Assert.Equal(Later, first.CreatedAt);
    }

    [Fact]
    public void TrackInvoice_Twice_IsTrackedOnce()
    {
        var once = BillingAccount.TrackInvoice(Account(), InvoiceA, Later)!;

        Assert.Equal([InvoiceA], once.OpenInvoices);
        Assert.Null(BillingAccount.TrackInvoice(once, InvoiceA, Later));
    }

    [Fact]
    public void AddPaymentCredit_SamePaymentTwice_IsCreditedOnce()
    {
        var credited = BillingAccount.AddPaymentCredit(Account(credit: 10m), PaymentA, 25.50m, Money.DefaultCurrency, Later);

        Assert.True(credited.IsSuccess);
        Assert.Equal(35.50m, credited.Value!.Credit);
        var again = BillingAccount.AddPaymentCredit(credited.Value, PaymentA, 25.50m, Money.DefaultCurrency, Later);
        Assert.True(again.IsSuccess);
        Assert.Null(again.Value);
    }

    [Fact]
    public void AddPaymentCredit_OtherCurrency_IsAConflictNamingBoth()
    {
        var refused = BillingAccount.AddPaymentCredit(Account(), PaymentA, 10m, "EUR", Later);

        Assert.False(refused.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, refused.Error.Kind);
        Assert.Contains("PLN", refused.Error.Message, StringComparison.Ordinal);
        Assert.Contains("EUR", refused.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReversePaymentCredit_TakesBackExactlyThatPayment_UnknownChangesNothing()
    {
        var credited = BillingAccount.AddPaymentCredit(Account(credit: 5m), PaymentA, 20m, Money.DefaultCurrency, Now).Value!;

        var reversed = BillingAccount.ReversePaymentCredit(credited, PaymentA, Later);

        Assert.NotNull(reversed);
        Assert.Equal(5m, reversed.Credit);
        Assert.Empty(reversed.PaymentCredits);
        Assert.Null(BillingAccount.ReversePaymentCredit(reversed, PaymentA, Later));
    }

    [Fact]
    public void CountUsage_AddsTheRecordAndTracksItsSubscription()
    {
        var recordId = Guid.Parse("f0000000-0000-4000-8000-000000000001");
        var usage = new UsageTotal(SubscriptionId, new DateOnly(2026, 1, 5), UsageType.Data, 120m);

        var counted = BillingAccount.CountUsage(Account(), recordId, usage, Later);

        Assert.Equal(usage, counted.UnratedUsage[recordId]);
        Assert.Equal([SubscriptionId], counted.SubscriptionIds);
        Assert.Equal([SubscriptionId], BillingAccount.CountUsage(counted, Guid.NewGuid(), usage, Later).SubscriptionIds);
    }

    [Fact]
    public void ForgetDelivered_ForgetsOnlyTheDeliveredInvoices_AtTheSameVersion()
    {
        var account = Account();
        account.Undelivered = [Generated(InvoiceA), Generated(InvoiceB)];

        var next = BillingAccount.ForgetDelivered(account, new HashSet<Guid> { InvoiceA });

        Assert.NotNull(next);
        Assert.Equal([InvoiceB], next.Undelivered.Select(i => i.InvoiceId));
        Assert.Equal([InvoiceA, InvoiceB], account.Undelivered.Select(i => i.InvoiceId));
        // Bookkeeping, not a change: no new version, so nothing asks for a write of its own.
        Assert.Equal((account.Version, account.UpdatedAt), (next.Version, next.UpdatedAt));
        Assert.Null(BillingAccount.ForgetDelivered(next, new HashSet<Guid> { InvoiceA }));
    }

    [Fact]
    public void CloseForDeletedCustomer_Once_NeverStoredChangesNothing()
    {
        var closed = BillingAccount.CloseForDeletedCustomer(Account(), Later);

        Assert.True(closed!.CustomerDeleted);
        Assert.Null(BillingAccount.CloseForDeletedCustomer(closed, Later));
        Assert.Null(BillingAccount.CloseForDeletedCustomer(new BillingAccountState { CustomerId = CustomerId }, Later));
    }

    [Fact]
    public void ReviewOpenInvoices_KeepsUnpaidIssuedInvoices_ForgetsPaidCancelledDraftCreditNotesAndMissing()
    {
        var due = new DateOnly(2026, 2, 14);
        var missing = Guid.NewGuid();
        var paid = Guid.NewGuid();
        var cancelled = Guid.NewGuid();
        var draft = Guid.NewGuid();
        var creditNote = Guid.NewGuid();

        var (unpaid, closed) = BillingAccount.ReviewOpenInvoices(
        [
            (InvoiceA, InvoiceIn(InvoiceStatus.Issued, due)),
            (InvoiceB, InvoiceIn(InvoiceStatus.Overdue, due)),
            (InvoiceC, InvoiceIn(InvoiceStatus.Sent, null)),
            (missing, null),
            (paid, InvoiceIn(InvoiceStatus.Paid, due)),
            (cancelled, InvoiceIn(InvoiceStatus.Cancelled, due)),
            (draft, InvoiceIn(InvoiceStatus.Draft, due)),
            (creditNote, InvoiceIn(InvoiceStatus.Issued, due, InvoiceType.CreditNote)),
        ]);

        Assert.Equal([new UnpaidInvoice(InvoiceA, due, false), new UnpaidInvoice(InvoiceB, due, true)], unpaid);
        Assert.Equal(new HashSet<Guid> { InvoiceC, missing, paid, cancelled, draft, creditNote }, closed);
    }

    [Fact]
    public void ApplyDunning_NothingClosedAndSameStage_ChangesNothing()
    {
        var account = Account();
        account.OpenInvoices = [InvoiceA, InvoiceB];

        Assert.Null(BillingAccount.ApplyDunning(account, new HashSet<Guid>(), account.Dunning, Later));
        var next = BillingAccount.ApplyDunning(account, new HashSet<Guid> { InvoiceA }, account.Dunning, Later);
        Assert.Equal([InvoiceB], next!.OpenInvoices);
        var suspending = new DunningState(DunningStage.Suspending, [SubscriptionId], new DateOnly(2026, 3, 1));
        Assert.Equal(suspending, BillingAccount.ApplyDunning(account, new HashSet<Guid>(), suspending, Later)!.Dunning);
    }

    [Fact]
    public void CompleteDunningStep_SuspendingBecomesSuspended_ResumingEndsDunning_OtherStagesStay()
    {
        var since = new DateOnly(2026, 3, 1);
        var account = Account();
        account.Dunning = new DunningState(DunningStage.Suspending, [SubscriptionId], since);

        var suspended = BillingAccount.CompleteDunningStep(account, Later)!;
        Assert.Equal(new DunningState(DunningStage.Suspended, [SubscriptionId], since), suspended.Dunning, new DunningEquality());
        Assert.Null(BillingAccount.CompleteDunningStep(suspended, Later));

        suspended.Dunning = suspended.Dunning with { Stage = DunningStage.Resuming };
        Assert.Same(DunningState.None, BillingAccount.CompleteDunningStep(suspended, Later)!.Dunning);
        Assert.Null(BillingAccount.CompleteDunningStep(Account(), Later));
    }

    private static GeneratedInvoice Generated(Guid id) =>
        new(id, new InvoiceDraft(CustomerId, InvoiceType.Recurring, [], Money.DefaultCurrency, Bss.Domain.Invoices.Invoice.DefaultPaymentTerms, null, null, null, null),
            "Jan Kowalski", new DateOnly(2026, 2, 1), Guid.NewGuid(), 0m, new DateOnly(2026, 2, 1));

    private static InvoiceState InvoiceIn(InvoiceStatus status, DateOnly? dueDate, InvoiceType type = InvoiceType.Recurring) =>
        new() { Id = Guid.NewGuid(), CustomerId = CustomerId, Status = status, DueDate = dueDate, InvoiceType = type, Version = 1 };

    /// <summary>Dunning states compare their subscription lists by content (records compare lists by reference).</summary>
    private sealed class DunningEquality : IEqualityComparer<DunningState>
    {
        public bool Equals(DunningState? x, DunningState? y) =>
            x is not null && y is not null && x.Stage == y.Stage && x.Since == y.Since && x.SubscriptionIds.SequenceEqual(y.SubscriptionIds);

        public int GetHashCode(DunningState obj) => HashCode.Combine(obj.Stage, obj.Since);
    }
}
