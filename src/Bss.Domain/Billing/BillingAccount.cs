using Bss.Domain.Common;
using Bss.Domain.Subscriptions;

namespace Bss.Domain.Billing;

/// <summary>The billing account's own rules: its settings, and which usage it accepts.</summary>
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
}
