using Bss.Domain.Billing;
using Bss.Domain.Common;

namespace Bss.Domain.Products;

/// <summary>The catalog product's rules: pure decisions on state, called by the grain.</summary>
public static class Product
{
    public const string Name = "Product";

    /// <summary>One entry per usage type at most, and there are three; ten leaves room for types to come.</summary>
    public const int MaxUsageAllowances = 10;

    /// <summary>
    /// ACTIVE ↔ INACTIVE (withdrawn from sale for a while); either may be DEPRECATED, which is final: a deprecated
    /// product stays readable for the subscriptions that reference it but is never sold or edited again.
    /// </summary>
    public static readonly StatusMachine<ProductStatus> Statuses = new(Name, new Dictionary<ProductStatus, ProductStatus[]>
    {
        [ProductStatus.Active] = [ProductStatus.Inactive, ProductStatus.Deprecated],
        [ProductStatus.Inactive] = [ProductStatus.Active, ProductStatus.Deprecated],
        [ProductStatus.Deprecated] = [],
    });

    /// <summary>Trims text, treats empty optional fields as absent, upper-cases the currency (default PLN) and
    /// bills monthly unless told otherwise.</summary>
    public static ProductDetails Normalize(ProductDetails details) => details with
    {
        ProductCode = TextRules.Normalize(details.ProductCode),
        Name = TextRules.Normalize(details.Name),
        Description = TextRules.Normalize(details.Description),
        Currency = Prices.NormalizeCurrency(details.Currency),
        BillingPeriod = details.BillingPeriod ?? BillingPeriod.Monthly,
        Actor = TextRules.Normalize(details.Actor),
    };

    public static FieldErrors Validate(ProductDetails details)
    {
        var errors = new FieldErrors()
            .Check("productCode", TextRules.Length(details.ProductCode, 3, 50))
            .Check("name", TextRules.Length(details.Name, 1, 200))
            .Check("description", TextRules.Length(details.Description, 0, 2000, required: false))
            .Check("productType", details.ProductType is null ? "is required" : null)
            .Check("category", details.Category is null ? "is required" : null)
            .Check("price", Prices.Amount(details.Price))
            .Check("currency", Prices.Currency(details.Currency))
            .Check("taxRate", TaxRates.Check(details.TaxRate));
        CheckUsageAllowances(errors, details.UsageAllowances);
        if (details.ValidityStart is { } start && details.ValidityEnd is { } end && end < start)
        {
            errors.Add("validityEnd", "must not be before validityStart");
        }

        return errors;
    }

    public static Result<ProductState> Create(ProductState current, Guid id, ProductDetails details, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var normalized = WithCharges(Normalize(details), TaxRates.Default, []);
        return Validate(normalized).ToResult(() =>
        {
            var created = Apply(current.FirstVersion<ProductState>(id, now), normalized);
            created.Status = ProductStatus.Active;
            created.CreatedBy = normalized.Actor;
            created.UpdatedBy = normalized.Actor;
            return created;
        });
    }

    public static Result<ProductState> Update(ProductState current, ProductDetails details, int expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, expectedVersion) is { } error)
        {
            return error;
        }

        if (current.Status == ProductStatus.Deprecated)
        {
            return new DomainError(ErrorKind.Conflict, "A deprecated product cannot be changed.");
        }

        var normalized = WithCharges(Normalize(details), current.TaxRate, current.UsageAllowances);
        return Validate(normalized).ToResult(() =>
        {
            var updated = Apply(current.NextVersion<ProductState>(now), normalized);
            updated.UpdatedBy = normalized.Actor;
            return updated;
        });
    }

    public static Result<ProductState> ChangeStatus(ProductState current, ProductStatus target, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, target)) is { } error)
        {
            return error;
        }

        var next = current.NextVersion<ProductState>(now);
        next.Status = target;
        return Result<ProductState>.Ok(next);
    }

    public static Result<ProductState> Delete(ProductState current, int? expectedVersion, DateTimeOffset now) =>
        Entity.Delete(current, Name, expectedVersion, now);

    /// <summary>True when a retried create carries what the product already has.</summary>
    public static bool SameDetails(ProductState s, ProductDetails details)
    {
        var d = WithCharges(Normalize(details), TaxRates.Default, []);
        return s.ProductCode == d.ProductCode && s.Name == d.Name && s.Description == d.Description &&
               s.ProductType == d.ProductType && s.Category == d.Category && s.Price == d.Price &&
               s.Currency == d.Currency && s.BillingPeriod == d.BillingPeriod &&
               s.ValidityStart == d.ValidityStart && s.ValidityEnd == d.ValidityEnd && s.CreatedBy == d.Actor &&
               s.TaxRate == d.TaxRate && s.UsageAllowances.SequenceEqual(d.UsageAllowances!);
    }

    /// <summary>
    /// At most <see cref="MaxUsageAllowances"/> entries, one per usage type, with a non-negative quantity included and
    /// a non-negative unit price of at most 2 decimals; each problem is named by its entry, e.g.
    /// <c>usageAllowances[1].usageType</c>.
    /// </summary>
    private static void CheckUsageAllowances(FieldErrors errors, IReadOnlyList<UsageAllowance>? allowances)
    {
        if (allowances is null)
        {
            return;
        }

        if (allowances.Count > MaxUsageAllowances)
        {
            errors.Add("usageAllowances", $"must have at most {MaxUsageAllowances} entries");
        }

        var seen = new HashSet<UsageType>();
        for (var i = 0; i < allowances.Count; i++)
        {
            var allowance = allowances[i];
            var field = $"usageAllowances[{i}]";
            errors
                .Check($"{field}.usageType", seen.Add(allowance.UsageType)
                    ? null
                    : $"{EnumText.Code(allowance.UsageType)} appears more than once")
                .Check($"{field}.included", allowance.Included < 0 ? "must be at least 0" : null)
                .Check($"{field}.unitPrice", Prices.Amount(allowance.UnitPrice));
        }
    }

    /// <summary>The tax rate and usage allowances the details name, or the given ones where they name none.</summary>
    private static ProductDetails WithCharges(ProductDetails details, decimal taxRate, IReadOnlyList<UsageAllowance> allowances) =>
        details with { TaxRate = details.TaxRate ?? taxRate, UsageAllowances = details.UsageAllowances ?? allowances };

    private static ProductState Apply(ProductState state, ProductDetails details)
    {
        state.ProductCode = details.ProductCode!;
        state.Name = details.Name!;
        state.Description = details.Description;
        state.ProductType = details.ProductType!.Value;
        state.Category = details.Category!.Value;
        state.Price = details.Price!.Value;
        state.Currency = details.Currency!;
        state.BillingPeriod = details.BillingPeriod!.Value;
        state.ValidityStart = details.ValidityStart;
        state.ValidityEnd = details.ValidityEnd;
        state.TaxRate = details.TaxRate!.Value;
        state.UsageAllowances = details.UsageAllowances!.ToList();
        return state;
    }
}
