using Bss.Domain.Common;
using Bss.Domain.Invoices;
using Bss.Domain.Subscriptions;

namespace Bss.Domain.Billing;

/// <summary>
/// The billing account's own rules: its settings, which usage it accepts, and the bookkeeping changes its grain makes
/// (tracking subscriptions and invoices, payment credit, counted usage, delivery, dunning stages). A change returns
/// the account's next version, or null when it would change nothing (the caller then writes nothing).
/// </summary>
public static class BillingAccount
{
    public const string Name = "Billing account";

    public static Result<BillingAccountState> ChangeSettings(BillingAccountState current, int? cycleDay, int? paymentTerms, string? currency,
        int? expectedVersion, DateTimeOffset now)
    {
        if (expectedVersion is { } expected && expected != current.Version)
        {
            return DomainError.StaleVersion(expected, current.Version);
        }

        var errors = new FieldErrors().Check("currency", Money.CheckCurrency(TextRules.Normalize(currency)?.ToUpperInvariant()));
        if (cycleDay is < BillingCalendar.MinCycleDay or > BillingCalendar.MaxCycleDay)
        {
            errors.Add("billCycleDay", "must be a day of the month from 1 to 31 (a day past a month's end bills on its last day)");
        }

        if (paymentTerms is < 0 or > 365)
        {
            errors.Add("paymentTerms", "must be from 0 to 365 days");
        }

        if (!errors.IsEmpty)
        {
            return DomainError.Validation(errors);
        }

        var newCurrency = currency is null ? current.Currency : Money.CurrencyOrDefault(currency);
        if (newCurrency != current.Currency && (current.Runs > 0 || current.Credit != 0))
        {
            return new DomainError(ErrorKind.Conflict,
                $"The account has been billed in {current.Currency}; its currency can no longer change.",
                new Dictionary<string, string[]> { ["currency"] = ["cannot change once the account has been billed"] });
        }

        var next = current.Exists ? current.NextVersion<BillingAccountState>(now) : current.FirstVersion<BillingAccountState>(current.CustomerId, now);
        next.BillCycleDay = cycleDay ?? current.BillCycleDay;
        next.PaymentTerms = paymentTerms ?? current.PaymentTerms;
        next.Currency = newCurrency;
        return Result<BillingAccountState>.Ok(next);
    }

    /// <summary>
    /// Whether a usage record not stored yet was counted and then rated by the last run that rated usage: the account
    /// counts a record before it is stored, so a crash in between leaves a retry to store it, and if a run rated its
    /// period meanwhile the retry must still store it (it is billed) rather than be refused. Only the last rating run's
    /// records are known; a retry later than the next such run is refused as late.
    /// </summary>
    public static bool WasRated(BillingAccountState account, Guid recordId, UsageTotal usage) =>
        account.LastRatedUsage.TryGetValue(recordId, out var rated) && rated == usage;

    /// <summary>
    /// Null when a usage record of that day may be recorded for the subscription: it must be this customer's, the day
    /// within its life, and the day's period not rated yet (rated usage is on an issued invoice and cannot change).
    /// </summary>
    public static DomainError? CheckUsage(BillingAccountState account, SubscriptionState? subscription, Guid subscriptionId, DateOnly day)
    {
        if (subscription is null || subscription.CustomerId != account.CustomerId)
        {
            return DomainError.Validation(new FieldErrors().Add("subscriptionId", $"no subscription {subscriptionId} of customer {account.CustomerId}"));
        }

        if (day < subscription.StartDate || (subscription.EndDate is { } end && day >= end))
        {
            return DomainError.Validation(new FieldErrors().Add("usageDate", "must fall within the subscription's life"));
        }

        if (account.Subscriptions.GetValueOrDefault(subscriptionId)?.UsageRatedUntil is { } rated && day < rated)
        {
            return new DomainError(ErrorKind.Conflict,
                $"Usage of {day:yyyy-MM-dd} falls in a period already invoiced (rated until {rated:yyyy-MM-dd}).",
                new Dictionary<string, string[]> { ["usageDate"] = ["falls in a period already invoiced"] });
        }

        return null;
    }

    /// <summary>A subscription of the customer, tracked from before it is stored (the run looks for it here first).</summary>
    public static BillingAccountState? TrackSubscription(BillingAccountState current, Guid subscriptionId, DateTimeOffset now) =>
        current.SubscriptionIds.Contains(subscriptionId)
            ? null
            : Next(current, now, next => next.SubscriptionIds = [.. current.SubscriptionIds, subscriptionId]);

    /// <summary>An issued invoice dunning watches until it is paid or cancelled.</summary>
    public static BillingAccountState? TrackInvoice(BillingAccountState current, Guid invoiceId, DateTimeOffset now) =>
        current.OpenInvoices.Contains(invoiceId)
            ? null
            : Next(current, now, next => next.OpenInvoices = [.. current.OpenInvoices, invoiceId]);

    /// <summary>A payment's amount as credit, once per payment, in the account's currency only.</summary>
    public static Result<BillingAccountState?> AddPaymentCredit(BillingAccountState current, Guid paymentId, decimal amount, string currency,
        DateTimeOffset now)
    {
        if (!string.Equals(currency, current.Currency, StringComparison.Ordinal))
        {
            return new DomainError(ErrorKind.Conflict, $"The account of customer {current.CustomerId} holds {current.Currency}, not {currency}.");
        }

        return Result<BillingAccountState?>.Ok(current.PaymentCredits.ContainsKey(paymentId)
            ? null
            : Next(current, now, next =>
            {
                next.PaymentCredits = new Dictionary<Guid, decimal>(current.PaymentCredits) { [paymentId] = amount };
                next.Credit = current.Credit + amount;
            }));
    }

    /// <summary>Takes back the credit of a payment (refunded or reversed); a payment never credited changes nothing.</summary>
    public static BillingAccountState? ReversePaymentCredit(BillingAccountState current, Guid paymentId, DateTimeOffset now) =>
        !current.PaymentCredits.TryGetValue(paymentId, out var amount)
            ? null
            : Next(current, now, next =>
            {
                next.PaymentCredits = current.PaymentCredits.Where(p => p.Key != paymentId).ToDictionary(p => p.Key, p => p.Value);
                next.Credit = current.Credit - amount;
            });

    /// <summary>
    /// A usage record counted before it is stored (a crash in between leaves a retry to store it); its subscription is
    /// tracked with it.
    /// </summary>
    public static BillingAccountState CountUsage(BillingAccountState current, Guid recordId, UsageTotal usage, DateTimeOffset now) =>
        Next(current, now, next =>
        {
            next.UnratedUsage = new Dictionary<Guid, UsageTotal>(current.UnratedUsage) { [recordId] = usage };
            next.SubscriptionIds = current.SubscriptionIds.Contains(usage.SubscriptionId)
                ? current.SubscriptionIds
                : [.. current.SubscriptionIds, usage.SubscriptionId];
        });

    /// <summary>
    /// Forgets the decided invoices now known to be created and issued — in memory only: the same version, stored with
    /// the account's next change rather than by a write of its own (a third of a billing cycle's writes). Until then
    /// storage still lists them, so an activation that loads that delivers them again, which finds each created and
    /// changes nothing: delivery is idempotent by invoice id and credit application id.
    /// </summary>
    public static BillingAccountState? ForgetDelivered(BillingAccountState current, IReadOnlySet<Guid> delivered)
    {
        if (!current.Undelivered.Any(i => delivered.Contains(i.InvoiceId)))
        {
            return null;
        }

        var next = current.Copy<BillingAccountState>();
        next.Undelivered = current.Undelivered.Where(i => !delivered.Contains(i.InvoiceId)).ToList();
        return next;
    }

    /// <summary>The customer was deleted: the account stops billing and dunning.</summary>
    public static BillingAccountState? CloseForDeletedCustomer(BillingAccountState current, DateTimeOffset now) =>
        !current.Exists || current.CustomerDeleted ? null : Next(current, now, next => next.CustomerDeleted = true);

    /// <summary>
    /// Splits the account's open invoices into those dunning still watches (issued, with a due date, unpaid) and those
    /// it can forget (paid, cancelled, credit notes, or gone). <paramref name="invoices"/> holds each open invoice's
    /// state, null when it does not exist.
    /// </summary>
    public static (IReadOnlyList<UnpaidInvoice> Unpaid, IReadOnlySet<Guid> Closed) ReviewOpenInvoices(
        IReadOnlyList<(Guid InvoiceId, InvoiceState? Invoice)> invoices)
    {
        var unpaid = new List<UnpaidInvoice>();
        var closed = new HashSet<Guid>();
        foreach (var (invoiceId, invoice) in invoices)
        {
            if (invoice is null || invoice.Status is InvoiceStatus.Paid or InvoiceStatus.Cancelled or InvoiceStatus.Draft ||
                invoice.InvoiceType == InvoiceType.CreditNote || invoice.DueDate is not { } dueDate)
            {
                closed.Add(invoiceId);
                continue;
            }

            unpaid.Add(new UnpaidInvoice(invoiceId, dueDate, invoice.Status == InvoiceStatus.Overdue));
        }

        return (unpaid, closed);
    }

    /// <summary>Drops the invoices dunning no longer watches and records dunning's next state.</summary>
    public static BillingAccountState? ApplyDunning(BillingAccountState current, IReadOnlySet<Guid> closed, DunningState nextDunning,
        DateTimeOffset now) =>
        closed.Count == 0 && nextDunning == current.Dunning
            ? null
            : Next(current, now, next =>
            {
                next.OpenInvoices = current.OpenInvoices.Where(i => !closed.Contains(i)).ToList();
                next.Dunning = nextDunning;
            });

    /// <summary>A decided suspension or resumption carried out: SUSPENDING becomes SUSPENDED, RESUMING ends dunning.</summary>
    public static BillingAccountState? CompleteDunningStep(BillingAccountState current, DateTimeOffset now) => current.Dunning.Stage switch
    {
        DunningStage.Suspending => Next(current, now, next => next.Dunning = current.Dunning with { Stage = DunningStage.Suspended }),
        DunningStage.Resuming => Next(current, now, next => next.Dunning = DunningState.None),
        _ => null,
    };

    /// <summary>
    /// Whether a run's result only restates a cycle date already billed (no invoice, nothing newly billed, no charge or
    /// usage consumed): then it is not written again.
    /// </summary>
    public static bool AlreadyBilled(BillingAccountState before, BillingAccountState next, DateOnly cycleDate) =>
        before.Exists && before.LastCycleDate >= cycleDate && before.Subscriptions.Count == next.Subscriptions.Count &&
        before.Subscriptions.All(s => ReferenceEquals(next.Subscriptions.GetValueOrDefault(s.Key), s.Value)) &&
        before.PendingCharges.Count == 0 && before.UnratedUsage.Count == next.UnratedUsage.Count;

    /// <summary>The account's next version (its first, if it was never stored) with <paramref name="change"/> made.</summary>
    public static BillingAccountState Next(BillingAccountState current, DateTimeOffset now, Action<BillingAccountState> change)
    {
        var next = current.Exists
            ? current.NextVersion<BillingAccountState>(now)
            : current.FirstVersion<BillingAccountState>(current.CustomerId, now);
        next.CustomerId = current.CustomerId;
        change(next);
        return next;
    }
}
