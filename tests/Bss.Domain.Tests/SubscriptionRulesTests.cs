using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.Products;
using Bss.Domain.Subscriptions;

namespace Bss.Domain.Tests;

public class SubscriptionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly Guid Id = Guid.Parse("5a4e2c1b-9f8d-4e7a-b6c5-d4e3f2a1b0c9");
    private static readonly ProductOffer Offer = new(ProductStatus.Active, 49.99m, "PLN", BillingPeriod.Monthly);
    private static readonly SubscriptionParties Parties = new(CustomerStatus.Active, Offer);

    private static SubscriptionDetails Minimal() => new(
        null, Guid.NewGuid(), Guid.NewGuid(), null, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>An update that names no customer or product (which cannot change) and nothing else yet.</summary>
    private static SubscriptionDetails Changes() => Minimal() with { CustomerId = null, ProductId = null };

    private static PlanChange Plan(Guid productId) => new(productId, null, null, null);

    private static SubscriptionState Created(SubscriptionStatus status = SubscriptionStatus.Active, DateOnly? endDate = null)
    {
        var state = Subscription.Create(new SubscriptionState(), Id, Minimal() with { EndDate = endDate }, Parties, Now).Value!;
        state.Status = status;
        return state;
    }

    [Fact]
    public void Create_MinimalDetails_TakesTheProductsTermsAndTodaysDates()
    {
        var result = Subscription.Create(new SubscriptionState(), Id, Minimal(), Parties, Now);

        var s = result.Value!;
        Assert.Equal(SubscriptionStatus.Active, s.Status);
        Assert.Equal("SUB-5A4E2C1B9F", s.SubscriptionNumber);
        Assert.Equal(49.99m, s.Price);
        Assert.Equal("PLN", s.Currency);
        Assert.Equal(BillingPeriod.Monthly, s.BillingPeriod);
        Assert.Equal(0m, s.DiscountAmount);
        Assert.Equal(49.99m, s.NetAmount);
        Assert.Equal(Today, s.StartDate);
        Assert.Equal(Today, s.BillingStart);
        Assert.Equal(Today, s.NextBillingDate);
        Assert.Null(s.EndDate);
        Assert.True(s.AutoRenew);
        Assert.False(s.RenewalNoticeSent);
    }

    [Fact]
    public void Create_OwnTerms_OverrideTheProductsAndNetIsPriceLessDiscount()
    {
        var details = Minimal() with
        {
            SubscriptionNumber = " SUB-OWN-1 ", Price = 60m, DiscountAmount = 10.5m, Currency = "eur",
            BillingPeriod = BillingPeriod.Yearly, StartDate = new DateOnly(2027, 1, 1), Configuration = "{\"apn\":\"internet\"}",
            AutoRenew = false,
        };

        var s = Subscription.Create(new SubscriptionState(), Id, details, Parties, Now).Value!;

        Assert.Equal("SUB-OWN-1", s.SubscriptionNumber);
        Assert.Equal(49.5m, s.NetAmount);
        Assert.Equal("EUR", s.Currency);
        Assert.Equal(BillingPeriod.Yearly, s.BillingPeriod);
        Assert.Equal(new DateOnly(2027, 1, 1), s.BillingStart);
        Assert.Equal("{\"apn\":\"internet\"}", s.Configuration);
        Assert.False(s.AutoRenew);
    }

    [Fact]
    public void Create_EveryFieldWrong_NamesEachField()
    {
        var details = new SubscriptionDetails("S1", null, null, null, new DateOnly(2026, 5, 1), new DateOnly(2026, 4, 1),
            new DateOnly(2026, 4, 1), new DateOnly(2026, 3, 1), null, -1m, "euro", 0.001m, "[1,2]", null, null);

        var result = Subscription.Create(new SubscriptionState(), Id, details, new SubscriptionParties(null, null), Now);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal(
            ["billingStart", "configuration", "currency", "customerId", "discountAmount", "endDate", "nextBillingDate", "price", "productId", "subscriptionNumber"],
            result.Error.FieldErrors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Create_DiscountAbovePrice_IsRefused()
    {
        var result = Subscription.Create(new SubscriptionState(), Id, Minimal() with { DiscountAmount = 50m }, Parties, Now);

        Assert.Equal(["must not exceed price"], result.Error!.FieldErrors!["discountAmount"]);
    }

    [Fact]
    public void Create_UnknownCustomerAndProduct_IsValidationNamingBoth()
    {
        var result = Subscription.Create(new SubscriptionState(), Id, Minimal() with { Price = 10m }, new SubscriptionParties(null, null), Now);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal(["does not name an existing customer"], result.Error.FieldErrors!["customerId"]);
        Assert.Equal(["does not name an existing product"], result.Error.FieldErrors["productId"]);
    }

    [Fact]
    public void Create_SuspendedCustomerAndInactiveProduct_IsConflictNamingBoth()
    {
        var parties = new SubscriptionParties(CustomerStatus.Suspended, Offer with { Status = ProductStatus.Inactive });

        var result = Subscription.Create(new SubscriptionState(), Id, Minimal(), parties, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Contains("customer is SUSPENDED", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("product is INACTIVE", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["customerId", "productId"], result.Error.FieldErrors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Update_AbsentFieldsKeepTheirValue()
    {
        var result = Subscription.Update(Created(), Minimal() with { CustomerId = null, ProductId = null, DiscountAmount = 9.99m }, 1, Now);

        Assert.Equal(49.99m, result.Value!.Price);
        Assert.Equal(40m, result.Value.NetAmount);
        Assert.Equal(2, result.Value.Version);
    }

    [Fact]
    public void Update_OtherCustomerOrProduct_CannotBeChanged()
    {
        var result = Subscription.Update(Created(), Minimal(), 1, Now);

        Assert.Equal(["cannot be changed"], result.Error!.FieldErrors!["customerId"]);
        Assert.Equal(["cannot be changed"], result.Error.FieldErrors["productId"]);
    }

    [Fact]
    public void Update_CancelledSubscription_IsConflict()
    {
        var result = Subscription.Update(Created(SubscriptionStatus.Cancelled), Minimal() with { CustomerId = null, ProductId = null }, 1, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.Suspended)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.Cancelled)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.Expired)]
    [InlineData(SubscriptionStatus.Suspended, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Suspended, SubscriptionStatus.Cancelled)]
    [InlineData(SubscriptionStatus.Suspended, SubscriptionStatus.Expired)]
    public void ChangeStatus_AllowedTransition_Moves(SubscriptionStatus from, SubscriptionStatus to)
    {
        Assert.Equal(to, Subscription.ChangeStatus(Created(from), to, null, Now).Value!.Status);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Cancelled, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Cancelled, SubscriptionStatus.Expired)]
    [InlineData(SubscriptionStatus.Expired, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Expired, SubscriptionStatus.Suspended)]
    public void ChangeStatus_ForbiddenTransition_IsInvalidTransition(SubscriptionStatus from, SubscriptionStatus to)
    {
        Assert.Equal(ErrorKind.InvalidTransition, Subscription.ChangeStatus(Created(from), to, null, Now).Error!.Kind);
    }

    [Fact]
    public void Renew_ActiveWithEndDate_ExtendsByOnePeriodAndClearsTheNotice()
    {
        var current = Created(endDate: new DateOnly(2026, 12, 31));
        current.RenewalNoticeSent = true;

        var result = Subscription.Renew(current, 1, Now);

        Assert.Equal(new DateOnly(2027, 1, 31), result.Value!.EndDate);
        Assert.False(result.Value.RenewalNoticeSent);
        Assert.Equal(2, result.Value.Version);
    }

    [Fact]
    public void Renew_Suspended_IsConflict()
    {
        var result = Subscription.Renew(Created(SubscriptionStatus.Suspended, new DateOnly(2026, 12, 31)), null, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Contains("SUSPENDED", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Renew_WithoutEndDateOrOneTime_IsConflict()
    {
        var oneTime = Created(endDate: new DateOnly(2026, 12, 31));
        oneTime.BillingPeriod = BillingPeriod.OneTime;

        Assert.Equal(ErrorKind.Conflict, Subscription.Renew(Created(), null, Now).Error!.Kind);
        Assert.Equal(ErrorKind.Conflict, Subscription.Renew(oneTime, null, Now).Error!.Kind);
    }

    [Fact]
    public void Create_RecordsOneTermFromTheBillingStart()
    {
        var details = Minimal() with { StartDate = new DateOnly(2026, 12, 1), BillingStart = new DateOnly(2026, 12, 5), DiscountAmount = 9.99m };

        var s = Subscription.Create(new SubscriptionState(), Id, details, Parties, Now).Value!;

        Assert.Equal([new SubscriptionTerm(new DateOnly(2026, 12, 5), s.ProductId, 49.99m, 9.99m)], s.Terms);
    }

    [Fact]
    public void Update_NewPrice_AppendsATermFromToday()
    {
        var current = Created();
        current.Terms = [current.Terms[0] with { From = new DateOnly(2026, 10, 1) }];

        var s = Subscription.Update(current, Changes() with { Price = 59.99m }, 1, Now).Value!;

        Assert.Equal([new DateOnly(2026, 10, 1), Today], s.Terms.Select(t => t.From));
        Assert.Equal(new SubscriptionTerm(Today, current.ProductId, 59.99m, 0m), s.Terms[^1]);
    }

    [Fact]
    public void Update_PriceTwiceTheSameDay_ReplacesTodaysTerm()
    {
        var once = Subscription.Update(Created(), Changes() with { DiscountAmount = 5m }, 1, Now).Value!;

        var twice = Subscription.Update(once, Changes() with { DiscountAmount = 7m }, 2, Now).Value!;

        Assert.Equal([new SubscriptionTerm(Today, once.ProductId, 49.99m, 7m)], twice.Terms);
    }

    [Fact]
    public void Update_PriceBeforeAFutureBillingStart_ReplacesTheFirstTerm()
    {
        var start = new DateOnly(2027, 1, 1);
        var current = Subscription.Create(new SubscriptionState(), Id, Minimal() with { StartDate = start }, Parties, Now).Value!;

        var s = Subscription.Update(current, Changes() with { Price = 39.99m }, 1, Now).Value!;

        Assert.Equal([new SubscriptionTerm(start, current.ProductId, 39.99m, 0m)], s.Terms);
    }

    [Fact]
    public void Update_OtherFieldsOnly_KeepTheTerms()
    {
        var current = Created();

        var s = Subscription.Update(current, Changes() with { AutoRenew = false, Price = 49.99m }, 1, Now).Value!;

        Assert.Same(current.Terms, s.Terms);
    }

    [Fact]
    public void Update_StateStoredBeforeTerms_StartsFromItsBillingStart()
    {
        var current = Created();
        current.Terms = [];
        current.StartDate = new DateOnly(2026, 1, 1);
        current.BillingStart = new DateOnly(2026, 1, 1);

        var s = Subscription.Update(current, Changes() with { Price = 10m }, 1, Now).Value!;

        Assert.Equal(
            [new SubscriptionTerm(new DateOnly(2026, 1, 1), current.ProductId, 49.99m, 0m), new SubscriptionTerm(Today, current.ProductId, 10m, 0m)],
            s.Terms);
    }

    [Fact]
    public void ChangePlan_OtherProduct_TakesItsPriceAndAppendsATermFromToday()
    {
        var current = Created();
        current.Terms = [current.Terms[0] with { From = new DateOnly(2026, 10, 1) }];
        current.DiscountAmount = 5m;
        var product = Guid.NewGuid();

        var s = Subscription.ChangePlan(current, Plan(product), Offer with { Price = 79.99m }, 1, Now).Value!;

        Assert.Equal(product, s.ProductId);
        Assert.Equal(79.99m, s.Price);
        Assert.Equal(0m, s.DiscountAmount);
        Assert.Equal(79.99m, s.NetAmount);
        Assert.Equal(2, s.Version);
        Assert.Equal(new SubscriptionTerm(Today, product, 79.99m, 0m), s.Terms[^1]);
        Assert.Equal(2, s.Terms.Count);
    }

    [Fact]
    public void ChangePlan_OwnPriceDiscountAndLaterDate_AreRecorded()
    {
        var product = Guid.NewGuid();
        var from = new DateOnly(2026, 12, 15);

        var s = Subscription.ChangePlan(Created(SubscriptionStatus.Suspended),
            new PlanChange(product, 30m, 2.5m, from), Offer, null, Now).Value!;

        Assert.Equal(27.5m, s.NetAmount);
        Assert.Equal([Today, from], s.Terms.Select(t => t.From));
        Assert.Equal(new SubscriptionTerm(from, product, 30m, 2.5m), s.Terms[^1]);
    }

    [Fact]
    public void ChangePlan_OnTheLatestTermsDay_ReplacesThatTerm()
    {
        var product = Guid.NewGuid();

        var s = Subscription.ChangePlan(Created(), Plan(product), Offer, null, Now).Value!;

        Assert.Equal([new SubscriptionTerm(Today, product, 49.99m, 0m)], s.Terms);
    }

    [Fact]
    public void ChangePlan_MissingOrUnknownProduct_IsValidationNamingProductId()
    {
        var missing = Subscription.ChangePlan(Created(), new PlanChange(null, null, null, null), null, null, Now);
        var unknown = Subscription.ChangePlan(Created(), Plan(Guid.NewGuid()), null, null, Now);

        Assert.Equal(["is required"], missing.Error!.FieldErrors!["productId"]);
        Assert.Equal(ErrorKind.Validation, unknown.Error!.Kind);
        Assert.Equal(["does not name an existing product"], unknown.Error.FieldErrors!["productId"]);
    }

    [Fact]
    public void ChangePlan_BadAmountsAndDiscountAbovePrice_AreValidation()
    {
        var bad = Subscription.ChangePlan(Created(), Plan(Guid.NewGuid()) with { Price = 10.001m, DiscountAmount = -1m }, Offer, null, Now);
        var above = Subscription.ChangePlan(Created(), Plan(Guid.NewGuid()) with { DiscountAmount = 50m }, Offer, null, Now);

        Assert.Equal(["price", "discountAmount"], bad.Error!.FieldErrors!.Keys);
        Assert.Equal(["must not exceed price"], above.Error!.FieldErrors!["discountAmount"]);
    }

    [Fact]
    public void ChangePlan_EffectiveBeforeTheLatestTerm_IsValidationNamingEffectiveDate()
    {
        var result = Subscription.ChangePlan(Created(), Plan(Guid.NewGuid()) with { EffectiveDate = Today.AddDays(-1) }, Offer, null, Now);

        Assert.Equal(["must not be before 2026-11-27, when the current term starts"], result.Error!.FieldErrors!["effectiveDate"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void ChangePlan_EffectiveOnOrAfterTheEndDate_IsValidationNamingEffectiveDate(int daysAfterEnd)
    {
        var end = new DateOnly(2026, 12, 31);

        var result = Subscription.ChangePlan(Created(endDate: end),
            Plan(Guid.NewGuid()) with { EffectiveDate = end.AddDays(daysAfterEnd) }, Offer, null, Now);

        Assert.Equal(["must be before endDate (2026-12-31)"], result.Error!.FieldErrors!["effectiveDate"]);
    }

    [Fact]
    public void ChangePlan_InactiveProductInOtherCurrencyAndPeriod_IsConflictNamingEachReason()
    {
        var offer = new ProductOffer(ProductStatus.Inactive, 10m, "EUR", BillingPeriod.Yearly);

        var result = Subscription.ChangePlan(Created(), Plan(Guid.NewGuid()), offer, null, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Equal(
            ["the product is INACTIVE, not ACTIVE", "the product is priced in EUR, the subscription in PLN",
                "the product is billed YEARLY, the subscription MONTHLY"],
            result.Error.FieldErrors!["productId"]);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Cancelled)]
    [InlineData(SubscriptionStatus.Expired)]
    public void ChangePlan_StoppedSubscription_IsInvalidTransition(SubscriptionStatus status)
    {
        var result = Subscription.ChangePlan(Created(status), Plan(Guid.NewGuid()), Offer, null, Now);

        Assert.Equal(ErrorKind.InvalidTransition, result.Error!.Kind);
        Assert.Contains(EnumText.Code(status), result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangePlan_StaleVersion_IsVersionConflict()
    {
        Assert.Equal(ErrorKind.VersionConflict, Subscription.ChangePlan(Created(), Plan(Guid.NewGuid()), Offer, 7, Now).Error!.Kind);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Cancelled)]
    [InlineData(SubscriptionStatus.Expired)]
    public void ChangeStatus_Stop_EndsTodayWithoutEndDateOrALaterOne(SubscriptionStatus stop)
    {
        Assert.Equal(Today, Subscription.ChangeStatus(Created(), stop, null, Now).Value!.EndDate);
        Assert.Equal(Today, Subscription.ChangeStatus(Created(endDate: Today.AddYears(1)), stop, null, Now).Value!.EndDate);
    }

    [Fact]
    public void ChangeStatus_Cancel_KeepsAnEarlierEndDate()
    {
        var current = Created();
        current.StartDate = Today.AddMonths(-2);
        current.EndDate = Today.AddDays(-3);

        Assert.Equal(Today.AddDays(-3), Subscription.ChangeStatus(current, SubscriptionStatus.Cancelled, null, Now).Value!.EndDate);
    }

    [Fact]
    public void ChangeStatus_CancelBeforeTheStart_EndsOnTheStart()
    {
        var start = Today.AddMonths(1);
        var current = Subscription.Create(new SubscriptionState(), Id, Minimal() with { StartDate = start }, Parties, Now).Value!;

        Assert.Equal(start, Subscription.ChangeStatus(current, SubscriptionStatus.Cancelled, null, Now).Value!.EndDate);
    }

    [Fact]
    public void ChangeStatus_Suspend_IsManualAndResumeClearsIt()
    {
        var suspended = Subscription.ChangeStatus(Created(), SubscriptionStatus.Suspended, null, Now).Value!;
        var resumed = Subscription.ChangeStatus(suspended, SubscriptionStatus.Active, null, Now).Value!;

        Assert.Equal(SuspensionReason.Manual, suspended.SuspensionReason);
        Assert.Null(suspended.EndDate);
        Assert.Null(resumed.SuspensionReason);
    }

    [Fact]
    public void ChangeStatus_CancelSuspendedForDunning_ClearsTheReason()
    {
        var current = Subscription.SuspendForDunning(Created(), Now).Value!;

        Assert.Null(Subscription.ChangeStatus(current, SubscriptionStatus.Cancelled, null, Now).Value!.SuspensionReason);
    }

    [Fact]
    public void SuspendForDunning_Active_IsSuspendedForDunningAtANewVersion()
    {
        var s = Subscription.SuspendForDunning(Created(), Now).Value!;

        Assert.Equal(SubscriptionStatus.Suspended, s.Status);
        Assert.Equal(SuspensionReason.Dunning, s.SuspensionReason);
        Assert.Equal(2, s.Version);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Suspended)]
    [InlineData(SubscriptionStatus.Cancelled)]
    [InlineData(SubscriptionStatus.Expired)]
    public void SuspendForDunning_NotActive_ChangesNothing(SubscriptionStatus status)
    {
        var current = Created(status);

        Assert.Same(current, Subscription.SuspendForDunning(current, Now).Value);
    }

    [Fact]
    public void SuspendForDunning_NeverCreated_IsNotFound()
    {
        Assert.Equal(ErrorKind.NotFound, Subscription.SuspendForDunning(new SubscriptionState { Id = Id }, Now).Error!.Kind);
    }

    [Fact]
    public void ResumeFromDunning_SuspendedForDunning_IsActiveWithoutReason()
    {
        var suspended = Subscription.SuspendForDunning(Created(), Now).Value!;

        var s = Subscription.ResumeFromDunning(suspended, Now).Value!;

        Assert.Equal(SubscriptionStatus.Active, s.Status);
        Assert.Null(s.SuspensionReason);
        Assert.Equal(3, s.Version);
    }

    [Fact]
    public void ResumeFromDunning_SuspendedManuallyOrActive_ChangesNothing()
    {
        var manual = Subscription.ChangeStatus(Created(), SubscriptionStatus.Suspended, null, Now).Value!;
        var active = Created();

        Assert.Same(manual, Subscription.ResumeFromDunning(manual, Now).Value);
        Assert.Same(active, Subscription.ResumeFromDunning(active, Now).Value);
    }

    [Fact]
    public void JsonObjectText_AcceptsObjectsOnly()
    {
        Assert.Null(JsonObjectText.Check("{\"a\":{\"b\":[1,2]}}"));
        Assert.Equal("must be a JSON object", JsonObjectText.Check("\"text\""));
        Assert.Equal("must be a JSON object", JsonObjectText.Check("{broken"));
    }
}

public class CustomerSubscriptionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static CustomerState Customer(CustomerStatus status = CustomerStatus.Active)
    {
        var state = Bss.Domain.Customers.Customer.Create(new CustomerState(), Guid.NewGuid(),
            new CustomerDetails("Jan", "Kowalski", "jan@example.com", null, null, null), Now).Value!;
        state.Status = status;
        return state;
    }

    [Fact]
    public void AttachSubscription_ActiveCustomer_RecordsItOnceWithoutNewVersion()
    {
        var subscription = Guid.NewGuid();

        var once = Bss.Domain.Customers.Customer.AttachSubscription(Customer(), subscription).Value!;
        var twice = Bss.Domain.Customers.Customer.AttachSubscription(once, subscription).Value!;

        Assert.Equal([subscription], twice.ActiveSubscriptionIds);
        Assert.Same(once, twice);
        Assert.Equal(1, twice.Version);
    }

    [Theory]
    [InlineData(CustomerStatus.Inactive)]
    [InlineData(CustomerStatus.Suspended)]
    [InlineData(CustomerStatus.Terminated)]
    public void AttachSubscription_CustomerNotActive_IsConflict(CustomerStatus status)
    {
        var result = Bss.Domain.Customers.Customer.AttachSubscription(Customer(status), Guid.NewGuid());

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Contains(EnumText.Code(status), result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeStatus_TerminateWithActiveSubscriptions_IsConflictNamingThem()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var customer = Customer().WithSubscriptions([first, second]);

        var result = Bss.Domain.Customers.Customer.ChangeStatus(customer, CustomerStatus.Terminated, null, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Contains(first.ToString(), result.Error.Message, StringComparison.Ordinal);
        Assert.Contains(second.ToString(), result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeStatus_SuspendWithActiveSubscriptions_IsAllowed()
    {
        var customer = Customer().WithSubscriptions([Guid.NewGuid()]);

        Assert.True(Bss.Domain.Customers.Customer.ChangeStatus(customer, CustomerStatus.Suspended, null, Now).IsSuccess);
    }

    [Fact]
    public void Delete_WithActiveSubscriptions_IsConflict()
    {
        var customer = Customer().WithSubscriptions([Guid.NewGuid()]);

        Assert.Equal(ErrorKind.Conflict, Bss.Domain.Customers.Customer.Delete(customer, null, Now).Error!.Kind);
    }

    [Fact]
    public void DetachSubscriptions_Detached_TerminationIsAllowedAgain()
    {
        var subscription = Guid.NewGuid();
        var customer = Customer().WithSubscriptions([subscription]);

        var detached = Bss.Domain.Customers.Customer.DetachSubscriptions(customer, [subscription, Guid.NewGuid()]).Value!;

        Assert.Empty(detached.ActiveSubscriptionIds);
        Assert.True(Bss.Domain.Customers.Customer.ChangeStatus(detached, CustomerStatus.Terminated, null, Now).IsSuccess);
    }
}
