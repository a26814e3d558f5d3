using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Products;

namespace Bss.Domain.Tests;

public class ProductRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0b6f3c1e-7d2a-4a51-9c3e-5f1d2e3a4b5c");

    private static ProductDetails Valid() => new(
        "MOB-50GB", "Mobile 50 GB", "Unlimited calls, 50 GB data", ProductType.Tariff, ProductCategory.Mobile,
        49.99m, "pln", BillingPeriod.Monthly, new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31), "catalog-admin");

    private static ProductState Created(ProductStatus status = ProductStatus.Active)
    {
        var state = Product.Create(new ProductState(), Id, Valid(), Now).Value!;
        state.Status = status;
        return state;
    }

    [Fact]
    public void Create_ValidDetails_IsActiveAtVersionOneWithUpperCaseCurrency()
    {
        var result = Product.Create(new ProductState(), Id, Valid(), Now);

        Assert.True(result.IsSuccess);
        Assert.Equal(ProductStatus.Active, result.Value.Status);
        Assert.Equal(1, result.Value.Version);
        Assert.Equal("PLN", result.Value.Currency);
        Assert.Equal("catalog-admin", result.Value.CreatedBy);
        Assert.Equal("catalog-admin", result.Value.UpdatedBy);
    }

    [Fact]
    public void Create_WithoutCurrencyOrBillingPeriod_DefaultsToPlnMonthly()
    {
        var result = Product.Create(new ProductState(), Id, Valid() with { Currency = "", BillingPeriod = null, Actor = null }, Now);

        Assert.Equal("PLN", result.Value!.Currency);
        Assert.Equal(BillingPeriod.Monthly, result.Value.BillingPeriod);
        Assert.Null(result.Value.CreatedBy);
    }

    [Fact]
    public void Create_EveryFieldWrong_NamesEachField()
    {
        var bad = new ProductDetails("AB", "", new string('d', 2001), null, null, -1m, "EURO", null,
            new DateOnly(2027, 1, 1), new DateOnly(2026, 1, 1), null);

        var result = Product.Create(new ProductState(), Id, bad, Now);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal(
            ["category", "currency", "description", "name", "price", "productCode", "productType", "validityEnd"],
            result.Error.FieldErrors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["must be between 3 and 50 characters"], result.Error.FieldErrors["productCode"]);
        Assert.Equal(["is required"], result.Error.FieldErrors["name"]);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("0.01", true)]
    [InlineData("19.9", true)]
    [InlineData("999999999.99", true)]
    [InlineData("19.999", false)]
    [InlineData("-0.01", false)]
    [InlineData("1000000000", false)]
    public void Create_Price_AllowsNonNegativeAmountsWithTwoDecimals(string price, bool valid)
    {
        var amount = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture);

        var result = Product.Create(new ProductState(), Id, Valid() with { Price = amount }, Now);

        Assert.Equal(valid, result.IsSuccess);
        Assert.Equal(valid, result.Error?.FieldErrors?.ContainsKey("price") != true);
    }

    [Fact]
    public void Create_ValidityEndOnValidityStart_IsAccepted()
    {
        var day = new DateOnly(2026, 6, 1);

        var result = Product.Create(new ProductState(), Id, Valid() with { ValidityStart = day, ValidityEnd = day }, Now);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Create_ExistingProduct_IsAlreadyExists()
    {
        Assert.Equal(ErrorKind.AlreadyExists, Product.Create(Created(), Id, Valid(), Now).Error!.Kind);
    }

    [Fact]
    public void SameDetails_RetriedCreate_IsRecognised()
    {
        Assert.True(Product.SameDetails(Created(), Valid() with { ProductCode = " MOB-50GB " }));
        Assert.False(Product.SameDetails(Created(), Valid() with { Price = 59.99m }));
    }

    [Fact]
    public void Update_CurrentVersion_ChangesDetailsKeepsCreatorAndRecordsUpdater()
    {
        var later = Now.AddHours(1);

        var result = Product.Update(Created(), Valid() with { Name = "Mobile 60 GB", Actor = "pricing" }, 1, later);

        Assert.Equal("Mobile 60 GB", result.Value!.Name);
        Assert.Equal(2, result.Value.Version);
        Assert.Equal("catalog-admin", result.Value.CreatedBy);
        Assert.Equal("pricing", result.Value.UpdatedBy);
        Assert.Equal(later, result.Value.UpdatedAt);
    }

    [Fact]
    public void Update_StaleVersion_IsVersionConflict()
    {
        Assert.Equal(ErrorKind.VersionConflict, Product.Update(Created(), Valid(), 4, Now).Error!.Kind);
    }

    [Fact]
    public void Update_DeprecatedProduct_IsConflict()
    {
        Assert.Equal(ErrorKind.Conflict, Product.Update(Created(ProductStatus.Deprecated), Valid(), 1, Now).Error!.Kind);
    }

    [Fact]
    public void Update_NeverCreated_IsNotFound()
    {
        Assert.Equal(ErrorKind.NotFound, Product.Update(new ProductState { Id = Id }, Valid(), 1, Now).Error!.Kind);
    }

    [Theory]
    [InlineData(ProductStatus.Active, ProductStatus.Inactive)]
    [InlineData(ProductStatus.Active, ProductStatus.Deprecated)]
    [InlineData(ProductStatus.Inactive, ProductStatus.Active)]
    [InlineData(ProductStatus.Inactive, ProductStatus.Deprecated)]
    public void ChangeStatus_AllowedTransition_Moves(ProductStatus from, ProductStatus to)
    {
        var result = Product.ChangeStatus(Created(from), to, null, Now);

        Assert.Equal(to, result.Value!.Status);
        Assert.Equal(2, result.Value.Version);
    }

    [Theory]
    [InlineData(ProductStatus.Active, ProductStatus.Active)]
    [InlineData(ProductStatus.Inactive, ProductStatus.Inactive)]
    [InlineData(ProductStatus.Deprecated, ProductStatus.Active)]
    [InlineData(ProductStatus.Deprecated, ProductStatus.Inactive)]
    public void ChangeStatus_ForbiddenTransition_IsInvalidTransition(ProductStatus from, ProductStatus to)
    {
        var result = Product.ChangeStatus(Created(from), to, null, Now);

        Assert.Equal(ErrorKind.InvalidTransition, result.Error!.Kind);
    }

    [Fact]
    public void ChangeStatus_FromDeprecated_SaysItIsFinal()
    {
        var result = Product.ChangeStatus(Created(ProductStatus.Deprecated), ProductStatus.Active, null, Now);

        Assert.Contains("DEPRECATED is final", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_LeavesTombstone()
    {
        var result = Product.Delete(Created(), 1, Now);

        Assert.True(result.Value!.IsDeleted);
        Assert.False(result.Value.Exists);
    }

    [Fact]
    public void Create_WithoutTaxRateOrAllowances_Takes23PercentAndNone()
    {
        var result = Product.Create(new ProductState(), Id, Valid(), Now);

        Assert.Equal(0.23m, result.Value!.TaxRate);
        Assert.Empty(result.Value.UsageAllowances);
    }

    [Fact]
    public void Create_TaxRateAndAllowances_AreKept()
    {
        UsageAllowance[] allowances = [new(UsageType.Data, 51_200m, 0.01m), new(UsageType.Sms, 0m, 0.2m)];

        var result = Product.Create(new ProductState(), Id, Valid() with { TaxRate = 0.08m, UsageAllowances = allowances }, Now);

        Assert.Equal(0.08m, result.Value!.TaxRate);
        Assert.Equal(allowances, result.Value.UsageAllowances);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("1", true)]
    [InlineData("0.0525", true)]
    [InlineData("-0.01", false)]
    [InlineData("1.01", false)]
    [InlineData("0.23001", false)]
    public void Create_TaxRate_AllowsFractionsWithFourDecimals(string rate, bool valid)
    {
        var taxRate = decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture);

        var result = Product.Create(new ProductState(), Id, Valid() with { TaxRate = taxRate }, Now);

        Assert.Equal(valid, result.IsSuccess);
        Assert.Equal(valid, result.Error?.FieldErrors?.ContainsKey("taxRate") != true);
    }

    [Fact]
    public void Create_BadAllowances_NameEachEntryAndField()
    {
        UsageAllowance[] allowances =
        [
            new(UsageType.Voice, -1m, 0.5m),
            new(UsageType.Data, 100m, 0.001m),
            new(UsageType.Voice, 10m, -0.1m),
        ];

        var result = Product.Create(new ProductState(), Id, Valid() with { UsageAllowances = allowances }, Now);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal(
            ["usageAllowances[0].included", "usageAllowances[1].unitPrice", "usageAllowances[2].unitPrice", "usageAllowances[2].usageType"],
            result.Error.FieldErrors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["VOICE appears more than once"], result.Error.FieldErrors["usageAllowances[2].usageType"]);
        Assert.Equal(["must be at least 0"], result.Error.FieldErrors["usageAllowances[0].included"]);
        Assert.Equal(["must have at most 2 decimal places"], result.Error.FieldErrors["usageAllowances[1].unitPrice"]);
    }

    [Fact]
    public void Create_MoreThanTenAllowances_IsRefused()
    {
        var allowances = Enumerable.Range(0, 11).Select(_ => new UsageAllowance(UsageType.Data, 1m, 1m)).ToArray();

        var result = Product.Create(new ProductState(), Id, Valid() with { UsageAllowances = allowances }, Now);

        Assert.Equal(["must have at most 10 entries"], result.Error!.FieldErrors!["usageAllowances"]);
    }

    [Fact]
    public void Update_WithoutTaxRateOrAllowances_KeepsThem()
    {
        var current = Product.Create(new ProductState(), Id,
            Valid() with { TaxRate = 0.05m, UsageAllowances = [new(UsageType.Voice, 300m, 0.25m)] }, Now).Value!;

        var result = Product.Update(current, Valid() with { Name = "Mobile 60 GB" }, 1, Now);

        Assert.Equal(0.05m, result.Value!.TaxRate);
        Assert.Equal([new UsageAllowance(UsageType.Voice, 300m, 0.25m)], result.Value.UsageAllowances);
    }

    [Fact]
    public void Update_TaxRateAndEmptyAllowances_ReplaceThem()
    {
        var current = Product.Create(new ProductState(), Id, Valid() with { UsageAllowances = [new(UsageType.Voice, 300m, 0.25m)] }, Now).Value!;

        var result = Product.Update(current, Valid() with { TaxRate = 0m, UsageAllowances = [] }, 1, Now);

        Assert.Equal(0m, result.Value!.TaxRate);
        Assert.Empty(result.Value.UsageAllowances);
    }

    [Fact]
    public void SameDetails_OtherTaxRateOrAllowances_IsNotARetry()
    {
        Assert.True(Product.SameDetails(Created(), Valid() with { TaxRate = 0.23m, UsageAllowances = [] }));
        Assert.False(Product.SameDetails(Created(), Valid() with { TaxRate = 0.08m }));
        Assert.False(Product.SameDetails(Created(), Valid() with { UsageAllowances = [new(UsageType.Sms, 1m, 1m)] }));
    }

    [Fact]
    public void UsageTypes_HaveCodesDisplayNamesAndUnits()
    {
        Assert.Equal("SMS", EnumText.Code(UsageType.Sms));
        Assert.Equal("SMS", EnumText.Display(UsageType.Sms));
        Assert.Equal("Data", EnumText.Display(UsageType.Data));
        Assert.Equal(["MB", "min", "SMS"], Enum.GetValues<UsageType>().Select(UsageUnits.Of));
    }

    [Fact]
    public void EnumCodes_MatchTheContract()
    {
        Assert.Equal("ADDON", EnumText.Code(ProductType.Addon));
        Assert.Equal("TV", EnumText.Code(ProductCategory.Tv));
        Assert.Equal("TV", EnumText.Display(ProductCategory.Tv));
        Assert.Equal("Broadband", EnumText.Display(ProductCategory.Broadband));
        Assert.Equal("ONE_TIME", EnumText.Code(BillingPeriod.OneTime));
        Assert.Equal("One time", EnumText.Display(BillingPeriod.OneTime));
        Assert.Equal("DEPRECATED", EnumText.Code(ProductStatus.Deprecated));
    }

    [Theory]
    [InlineData(BillingPeriod.Monthly, "2026-02-28")]
    [InlineData(BillingPeriod.Quarterly, "2026-04-30")]
    [InlineData(BillingPeriod.Yearly, "2027-01-31")]
    public void After_BillingPeriod_AddsCalendarPeriod(BillingPeriod period, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), period.After(new DateOnly(2026, 1, 31)));
    }

    [Fact]
    public void After_OneTime_IsNull() => Assert.Null(BillingPeriod.OneTime.After(new DateOnly(2026, 1, 31)));
}
