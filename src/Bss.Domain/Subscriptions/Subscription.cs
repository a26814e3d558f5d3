using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.Products;

namespace Bss.Domain.Subscriptions;

/// <summary>The subscription's rules: pure decisions on state, called by the grain.</summary>
public static class Subscription
{
    public const string Name = "Subscription";

    /// <summary>ACTIVE ↔ SUSPENDED; ACTIVE or SUSPENDED → CANCELLED | EXPIRED, both final.</summary>
    public static readonly StatusMachine<SubscriptionStatus> Statuses = new(Name, new Dictionary<SubscriptionStatus, SubscriptionStatus[]>
    {
        [SubscriptionStatus.Active] = [SubscriptionStatus.Suspended, SubscriptionStatus.Cancelled, SubscriptionStatus.Expired],
        [SubscriptionStatus.Suspended] = [SubscriptionStatus.Active, SubscriptionStatus.Cancelled, SubscriptionStatus.Expired],
        [SubscriptionStatus.Cancelled] = [],
        [SubscriptionStatus.Expired] = [],
    });

    public static bool IsFinal(SubscriptionStatus status) => Statuses.AllowedFrom(status).Count == 0;

    /// <summary>The subscription's terms in date order; a state stored before terms were kept has one, from its billing start.</summary>
    /// <remarks>Lists, not collection expressions: state JSON names the runtime type of a collection, and the
    /// compiler's own read-only list types cannot be read back.</remarks>
    public static IReadOnlyList<SubscriptionTerm> TermsOf(SubscriptionState s) =>
        s.Terms.Count > 0 ? s.Terms : new List<SubscriptionTerm> { new(s.BillingStart ?? s.StartDate, s.ProductId, s.Price, s.DiscountAmount) };

    /// <summary>The number a subscription gets when the request names none: SUB- and 10 characters of its id.</summary>
    public static string GeneratedNumber(Guid id) => "SUB-" + id.ToString("N")[..10].ToUpperInvariant();

    public static SubscriptionDetails Normalize(SubscriptionDetails details) => details with
    {
        SubscriptionNumber = TextRules.Normalize(details.SubscriptionNumber),
        Currency = TextRules.Normalize(details.Currency)?.ToUpperInvariant(),
        Configuration = TextRules.Normalize(details.Configuration),
    };

    public static FieldErrors Validate(SubscriptionDetails d)
    {
        var errors = new FieldErrors()
            .Check("subscriptionNumber", TextRules.Length(d.SubscriptionNumber, 3, 50))
            .Check("customerId", d.CustomerId is null ? "is required" : null)
            .Check("productId", d.ProductId is null ? "is required" : null)
            .Check("price", Prices.Amount(d.Price))
            .Check("currency", d.Currency is null ? "is required" : Prices.Currency(d.Currency))
            .Check("discountAmount", Prices.Amount(d.DiscountAmount))
            .Check("configuration", JsonObjectText.Check(d.Configuration));
        if (d.DiscountAmount > d.Price)
        {
            errors.Add("discountAmount", "must not exceed price");
        }

        CheckOrder(errors, "endDate", d.EndDate, "startDate", d.StartDate);
        CheckOrder(errors, "billingStart", d.BillingStart, "startDate", d.StartDate);
        CheckOrder(errors, "nextBillingDate", d.NextBillingDate, "billingStart", d.BillingStart);
        return errors;
    }

    /// <summary>
    /// A new ACTIVE subscription. The customer and the product must exist (else 400 naming the field) and be ACTIVE
    /// (else a Conflict naming it); the product's price, currency and billing period are the defaults.
    /// </summary>
    public static Result<SubscriptionState> Create(SubscriptionState current, Guid id, SubscriptionDetails details,
        SubscriptionParties parties, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var terms = WithDefaults(id, Normalize(details), parties.Product, Today(now));
        var errors = Validate(terms);
        if (terms.CustomerId is not null && parties.Customer is null)
        {
            errors.Add("customerId", "does not name an existing customer");
        }

        if (terms.ProductId is not null && parties.Product is null)
        {
            errors.Add("productId", "does not name an existing product");
        }

        if (!errors.IsEmpty)
        {
            return DomainError.Validation(errors);
        }

        var refused = new FieldErrors();
        if (parties.Customer is { } customer && customer != CustomerStatus.Active)
        {
            refused.Add("customerId", $"the customer is {EnumText.Code(customer)}, not ACTIVE");
        }

        if (parties.Product is { } product && product.Status != ProductStatus.Active)
        {
            refused.Add("productId", $"the product is {EnumText.Code(product.Status)}, not ACTIVE");
        }

        if (!refused.IsEmpty)
        {
            return Refused("A subscription needs an ACTIVE customer and an ACTIVE product", refused);
        }

        var created = Apply(current.FirstVersion<SubscriptionState>(id, now), terms);
        created.CustomerId = terms.CustomerId!.Value;
        created.ProductId = terms.ProductId!.Value;
        created.OrderId = terms.OrderId;
        created.SubscriptionNumber = terms.SubscriptionNumber!;
        created.Status = SubscriptionStatus.Active;
        created.Terms = new List<SubscriptionTerm>
        {
            new(created.BillingStart ?? created.StartDate, created.ProductId, created.Price, created.DiscountAmount),
        };
        return Result<SubscriptionState>.Ok(created);
    }

    /// <summary>
    /// Changes the terms; absent fields keep their value, and who and what it subscribes never change. A new price or
    /// discount is a new term from today (or from the latest term's start, if that is later), replacing a term that
    /// starts the same day.
    /// </summary>
    public static Result<SubscriptionState> Update(SubscriptionState current, SubscriptionDetails changes, int expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, expectedVersion) is { } error)
        {
            return error;
        }

        if (IsFinal(current.Status))
        {
            return new DomainError(ErrorKind.Conflict, $"A {EnumText.Code(current.Status)} subscription cannot be changed.");
        }

        var normalized = Normalize(changes);
        var terms = normalized.Over(DetailsOf(current));
        var errors = Validate(terms);
        Unchanged(errors, "subscriptionNumber", normalized.SubscriptionNumber, current.SubscriptionNumber);
        Unchanged(errors, "customerId", normalized.CustomerId, current.CustomerId);
        Unchanged(errors, "productId", normalized.ProductId, current.ProductId);
        Unchanged(errors, "orderId", normalized.OrderId, current.OrderId);
        return errors.ToResult(() =>
        {
            var updated = Apply(current.NextVersion<SubscriptionState>(now), terms);
            if (updated.Price != current.Price || updated.DiscountAmount != current.DiscountAmount)
            {
                var from = Later(Today(now), TermsOf(current)[^1].From);
                updated.Terms = WithTerm(current, new SubscriptionTerm(from, updated.ProductId, updated.Price, updated.DiscountAmount));
            }

            return updated;
        });
    }

    /// <summary>
    /// Upgrade or downgrade to another product (or new terms on the same one) from the effective date on. The product
    /// must exist (else 400 naming productId) and be ACTIVE with the subscription's currency and billing period (else a
    /// Conflict naming why); the subscription must be ACTIVE or SUSPENDED. The effective date (default today, or the
    /// latest term's start if that is later) must not be before the latest term's start nor on or after the end date.
    /// </summary>
    public static Result<SubscriptionState> ChangePlan(SubscriptionState current, PlanChange change, ProductOffer? product,
        int? expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, expectedVersion) is { } error)
        {
            return error;
        }

        if (current.Status is not (SubscriptionStatus.Active or SubscriptionStatus.Suspended))
        {
            return new DomainError(ErrorKind.InvalidTransition,
                $"Only an ACTIVE or SUSPENDED subscription can change plan; this one is {EnumText.Code(current.Status)}.");
        }

        var latest = TermsOf(current)[^1].From;
        var effective = change.EffectiveDate ?? Later(Today(now), latest);
        var price = change.Price ?? product?.Price;
        var discount = change.DiscountAmount ?? 0m;
        var errors = new FieldErrors()
            .Check("productId", change.ProductId is null ? "is required" : product is null ? "does not name an existing product" : null)
            .Check("price", Prices.Amount(change.Price, required: false))
            .Check("discountAmount", Prices.Amount(change.DiscountAmount, required: false));
        if (discount > price)
        {
            errors.Add("discountAmount", "must not exceed price");
        }

        if (effective < latest)
        {
            errors.Add("effectiveDate", $"must not be before {Text(latest)}, when the current term starts");
        }

        if (current.EndDate is { } end && effective >= end)
        {
            errors.Add("effectiveDate", $"must be before endDate ({Text(end)})");
        }

        if (!errors.IsEmpty)
        {
            return DomainError.Validation(errors);
        }

        var refused = new FieldErrors();
        if (product!.Status != ProductStatus.Active)
        {
            refused.Add("productId", $"the product is {EnumText.Code(product.Status)}, not ACTIVE");
        }

        if (product.Currency != current.Currency)
        {
            refused.Add("productId", $"the product is priced in {product.Currency}, the subscription in {current.Currency}");
        }

        if (product.BillingPeriod != current.BillingPeriod)
        {
            refused.Add("productId",
                $"the product is billed {EnumText.Code(product.BillingPeriod)}, the subscription {EnumText.Code(current.BillingPeriod)}");
        }

        if (!refused.IsEmpty)
        {
            return Refused("The subscription cannot change to that product", refused);
        }

        var next = current.NextVersion<SubscriptionState>(now);
        next.ProductId = change.ProductId!.Value;
        next.Price = price!.Value;
        next.DiscountAmount = discount;
        next.NetAmount = next.Price - next.DiscountAmount;
        next.Terms = WithTerm(current, new SubscriptionTerm(effective, next.ProductId, next.Price, next.DiscountAmount));
        return Result<SubscriptionState>.Ok(next);
    }

    /// <summary>
    /// A status change on request: SUSPENDED is a MANUAL suspension, any other status clears the reason; CANCELLED and
    /// EXPIRED end the subscription today (its end date is the first day no longer charged) unless it ends earlier.
    /// </summary>
    public static Result<SubscriptionState> ChangeStatus(SubscriptionState current, SubscriptionStatus target, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, target)) is { } error)
        {
            return error;
        }

        var next = current.NextVersion<SubscriptionState>(now);
        next.Status = target;
        next.SuspensionReason = target == SubscriptionStatus.Suspended ? SuspensionReason.Manual : null;
        if (IsFinal(target))
        {
            next.EndDate = EndDateOnStop(current, Today(now));
        }

        return Result<SubscriptionState>.Ok(next);
    }

    /// <summary>Dunning: an ACTIVE subscription becomes SUSPENDED for DUNNING; any other is left as it is (no new version).</summary>
    public static Result<SubscriptionState> SuspendForDunning(SubscriptionState current, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, null) is { } error)
        {
            return error;
        }

        if (current.Status != SubscriptionStatus.Active)
        {
            return Result<SubscriptionState>.Ok(current);
        }

        var next = current.NextVersion<SubscriptionState>(now);
        next.Status = SubscriptionStatus.Suspended;
        next.SuspensionReason = SuspensionReason.Dunning;
        return Result<SubscriptionState>.Ok(next);
    }

    /// <summary>True when dunning suspended the subscription (and nothing since has changed its status).</summary>
    public static bool IsSuspendedForDunning(SubscriptionState s) =>
        s.Status == SubscriptionStatus.Suspended && s.SuspensionReason == SuspensionReason.Dunning;

    /// <summary>Dunning settled: a subscription SUSPENDED for DUNNING becomes ACTIVE; any other is left as it is.</summary>
    public static Result<SubscriptionState> ResumeFromDunning(SubscriptionState current, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, null) is { } error)
        {
            return error;
        }

        if (!IsSuspendedForDunning(current))
        {
            return Result<SubscriptionState>.Ok(current);
        }

        var next = current.NextVersion<SubscriptionState>(now);
        next.Status = SubscriptionStatus.Active;
        next.SuspensionReason = null;
        return Result<SubscriptionState>.Ok(next);
    }

    /// <summary>Extends the end date by one billing period; only an ACTIVE subscription with an end date renews.</summary>
    public static Result<SubscriptionState> Renew(SubscriptionState current, int? expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, expectedVersion) is { } error)
        {
            return error;
        }

        if (current.Status != SubscriptionStatus.Active)
        {
            return new DomainError(ErrorKind.Conflict,
                $"Only an ACTIVE subscription can be renewed; this one is {EnumText.Code(current.Status)}.");
        }

        if (current.EndDate is not { } end)
        {
            return new DomainError(ErrorKind.Conflict, "The subscription has no end date: it runs until cancelled and needs no renewal.");
        }

        if (current.BillingPeriod.After(end) is not { } extended)
        {
            return new DomainError(ErrorKind.Conflict, "A ONE_TIME subscription cannot be renewed.");
        }

        var next = current.NextVersion<SubscriptionState>(now);
        next.EndDate = extended;
        next.RenewalNoticeSent = false;
        return Result<SubscriptionState>.Ok(next);
    }

    /// <summary>True when a retried create names what the subscription already is.</summary>
    public static bool SameSubscription(SubscriptionState s, SubscriptionDetails details)
    {
        var d = Normalize(details);
        return s.CustomerId == d.CustomerId && s.ProductId == d.ProductId && s.OrderId == d.OrderId &&
               (d.SubscriptionNumber is null || d.SubscriptionNumber == s.SubscriptionNumber) &&
               (d.StartDate is null || d.StartDate == s.StartDate) && (d.Price is null || d.Price == s.Price);
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The terms with <paramref name="term"/> last: one that starts the same day (or later) is replaced.</summary>
    private static List<SubscriptionTerm> WithTerm(SubscriptionState current, SubscriptionTerm term) =>
        TermsOf(current).Where(t => t.From < term.From).Append(term).ToList();

    /// <summary>
    /// Today, unless the subscription already ends earlier; never before its start, so a subscription stopped before
    /// it began is charged nothing.
    /// </summary>
    private static DateOnly EndDateOnStop(SubscriptionState current, DateOnly today)
    {
        var end = Later(today, current.StartDate);
        return current.EndDate is { } planned && planned < end ? planned : end;
    }

    /// <summary>A Conflict naming each refused field, its reasons joined into the message.</summary>
    private static DomainError Refused(string what, FieldErrors refused)
    {
        var reasons = refused.ToDictionary();
        return new DomainError(ErrorKind.Conflict, what + ": " + string.Join("; ", reasons.Values.SelectMany(r => r)) + ".", reasons);
    }

    private static SubscriptionDetails WithDefaults(Guid id, SubscriptionDetails d, ProductOffer? product, DateOnly today)
    {
        var start = d.StartDate ?? today;
        var billingStart = d.BillingStart ?? start;
        return d.Over(new SubscriptionDetails(
            GeneratedNumber(id), null, null, null, start, null, billingStart, billingStart,
            product?.BillingPeriod ?? BillingPeriod.Monthly, product?.Price,
            product?.Currency ?? Prices.DefaultCurrency, 0m, null, AutoRenew: true, RenewalNoticeSent: false));
    }

    private static SubscriptionDetails DetailsOf(SubscriptionState s) => new(
        s.SubscriptionNumber, s.CustomerId, s.ProductId, s.OrderId, s.StartDate, s.EndDate, s.BillingStart,
        s.NextBillingDate, s.BillingPeriod, s.Price, s.Currency, s.DiscountAmount, s.Configuration, s.AutoRenew,
        s.RenewalNoticeSent);

    private static SubscriptionState Apply(SubscriptionState state, SubscriptionDetails terms)
    {
        state.StartDate = terms.StartDate!.Value;
        state.EndDate = terms.EndDate;
        state.BillingStart = terms.BillingStart;
        state.NextBillingDate = terms.NextBillingDate;
        state.BillingPeriod = terms.BillingPeriod!.Value;
        state.Price = terms.Price!.Value;
        state.Currency = terms.Currency!;
        state.DiscountAmount = terms.DiscountAmount!.Value;
        state.NetAmount = state.Price - state.DiscountAmount;
        state.Configuration = terms.Configuration;
        state.AutoRenew = terms.AutoRenew!.Value;
        state.RenewalNoticeSent = terms.RenewalNoticeSent!.Value;
        return state;
    }

    private static void CheckOrder(FieldErrors errors, string laterField, DateOnly? later, string earlierField, DateOnly? earlier)
    {
        if (later is { } l && earlier is { } e && l < e)
        {
            errors.Add(laterField, $"must not be before {earlierField}");
        }
    }

    private static void Unchanged<T>(FieldErrors errors, string field, T? requested, T? current) where T : struct
    {
        if (requested is { } value && !value.Equals(current))
        {
            errors.Add(field, "cannot be changed");
        }
    }

    private static void Unchanged(FieldErrors errors, string field, string? requested, string current)
    {
        if (requested is not null && requested != current)
        {
            errors.Add(field, "cannot be changed");
        }
    }
}
