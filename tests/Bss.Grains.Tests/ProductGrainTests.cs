using Bss.Abstractions.Products;
using Bss.Domain.Common;
using Bss.Domain.Products;

namespace Bss.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class ProductGrainTests(ClusterFixture fixture)
{
    private static ProductDetails Details(string name = "Fibre 1 Gb/s") => new(
        "FIB-" + Guid.NewGuid().ToString("N")[..8], name, null, ProductType.Tariff, ProductCategory.Broadband,
        89.00m, null, BillingPeriod.Monthly, null, null, null);

    private IProductGrain NewProduct() => fixture.Grains.GetGrain<IProductGrain>(Guid.NewGuid());

    [Fact]
    public async Task AddToCatalog_ValidDetails_IsReadableAndActive()
    {
        var product = NewProduct();

        var added = await product.AddToCatalogAsync(Details());
        var read = await product.GetAsync();

        Assert.Equivalent(added.Value, read, strict: true);
        Assert.Equal(ProductStatus.Active, read!.Status);
        Assert.Equal("PLN", read.Currency);
        Assert.Equal(fixture.Time.GetUtcNow(), read.CreatedAt);
        Assert.Equal(new ProductOffer(ProductStatus.Active, 89.00m, "PLN", BillingPeriod.Monthly), read.Offer);
    }

    [Fact]
    public async Task AddToCatalog_SameDetailsTwice_AnswersTheSameProduct()
    {
        var product = NewProduct();
        var details = Details();

        var first = await product.AddToCatalogAsync(details);
        var retry = await product.AddToCatalogAsync(details);

        Assert.Equivalent(first.Value, retry.Value, strict: true);
    }

    [Fact]
    public async Task AddToCatalog_OtherDetailsUnderTakenId_IsAlreadyExists()
    {
        var product = NewProduct();
        await product.AddToCatalogAsync(Details());

        var second = await product.AddToCatalogAsync(Details("Other"));

        Assert.Equal(ErrorKind.AlreadyExists, second.Error!.Kind);
    }

    [Fact]
    public async Task ChangeStatus_DeprecateThenActivate_IsRefusedAndStaysDeprecated()
    {
        var product = NewProduct();
        await product.AddToCatalogAsync(Details());

        await product.ChangeStatusAsync(ProductStatus.Deprecated, 1);
        var revive = await product.ChangeStatusAsync(ProductStatus.Active, null);

        Assert.Equal(ErrorKind.InvalidTransition, revive.Error!.Kind);
        Assert.Equal(ProductStatus.Deprecated, (await product.GetAsync())!.Status);
    }

    [Fact]
    public async Task UpdateDetails_StaleVersion_KeepsCurrentState()
    {
        var product = NewProduct();
        var details = Details();
        await product.AddToCatalogAsync(details);
        await product.UpdateDetailsAsync(details with { Price = 99m }, 1);

        var stale = await product.UpdateDetailsAsync(details with { Price = 79m }, 1);

        Assert.Equal(ErrorKind.VersionConflict, stale.Error!.Kind);
        Assert.Equal(99m, (await product.GetAsync())!.Price);
    }

    [Fact]
    public async Task Delete_ThenGet_IsNull()
    {
        var product = NewProduct();
        await product.AddToCatalogAsync(Details());

        Assert.True((await product.DeleteAsync(1)).IsSuccess);
        Assert.Null(await product.GetAsync());
    }

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        var product = NewProduct();
        await product.AddToCatalogAsync(Details());
        await product.ChangeStatusAsync(ProductStatus.Inactive, null);

        await fixture.Cluster.DeactivateAsync(product);

        Assert.Equal(ProductStatus.Inactive, (await product.GetAsync())!.Status);
    }
}
