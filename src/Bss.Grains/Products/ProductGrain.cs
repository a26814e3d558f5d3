using Bss.Abstractions.Products;
using Bss.Domain.Common;
using Bss.Domain.Products;
using Bss.Grains.Common;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Products;

[GrainType("product")]
public sealed class ProductGrain(
    [PersistentState("product", GrainStorage.Name)] IPersistentState<ProductState> state,
    TimeProvider time,
    IOptions<IdempotencyOptions> idempotency) : Grain, IProductGrain
{
    private Guid Id => this.GetPrimaryKey();

    public Task<Result<Created<ProductView>>> CreateOnceAsync(ProductDetails details, string? requestFingerprint) =>
        state.CreateOnceAsync(requestFingerprint, time.GetUtcNow(), idempotency.Value.Retention,
            () => AddToCatalogAsync(details), ProductView.From);

    public async Task<Result<ProductView>> AddToCatalogAsync(ProductDetails details)
    {
        if (state.State.Exists && Product.SameDetails(state.State, details))
        {
            return Result<ProductView>.Ok(ProductView.From(state.State));
        }

        var result = await state.CommitAsync(current => Product.Create(current, Id, details, time.GetUtcNow()));
        return result.Map(ProductView.From);
    }

    public Task<ProductView?> GetAsync() =>
        Task.FromResult(state.State.Exists ? ProductView.From(state.State) : null);

    public async Task<Result<ProductView>> UpdateDetailsAsync(ProductDetails details, int expectedVersion)
    {
        var result = await state.CommitAsync(current => Product.Update(WithId(current), details, expectedVersion, time.GetUtcNow()));
        return result.Map(ProductView.From);
    }

    public async Task<Result<ProductView>> ChangeStatusAsync(ProductStatus target, int? expectedVersion)
    {
        var result = await state.CommitAsync(current => Product.ChangeStatus(WithId(current), target, expectedVersion, time.GetUtcNow()));
        return result.Map(ProductView.From);
    }

    public async Task<Result<ProductView>> DeleteAsync(int? expectedVersion)
    {
        var result = await state.CommitAsync(current => Product.Delete(WithId(current), expectedVersion, time.GetUtcNow()));
        if (result.IsSuccess)
        {
            DeactivateOnIdle();
        }

        return result.Map(ProductView.From);
    }

    /// <summary>A never-written state has no id yet; the rules name the product in their messages.</summary>
    private ProductState WithId(ProductState current)
    {
        if (current.Id == Guid.Empty)
        {
            current.Id = Id;
        }

        return current;
    }
}
