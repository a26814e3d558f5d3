using Bss.Abstractions.Services;
using Bss.Domain.Common;
using Bss.Domain.Services;
using Bss.Grains.Common;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Services;

[GrainType("service-definition")]
public sealed class ServiceGrain(
    [PersistentState("service-definition", GrainStorage.Name)] IPersistentState<ServiceState> state,
    TimeProvider time,
    IOptions<IdempotencyOptions> idempotency) : Grain, IServiceGrain
{
    private Guid Id => this.GetPrimaryKey();

    public Task<Result<Created<ServiceView>>> CreateOnceAsync(ServiceDetails details, string? requestFingerprint) =>
        state.CreateOnceAsync(requestFingerprint, time.GetUtcNow(), idempotency.Value.Retention,
            () => DefineAsync(details), ServiceView.From);

    public async Task<Result<ServiceView>> DefineAsync(ServiceDetails details)
    {
        if (state.State.Exists && SameDetails(state.State, ServiceDefinition.Normalize(details)))
        {
            return Result<ServiceView>.Ok(ServiceView.From(state.State));
        }

        return await CommitAsync(current => ServiceDefinition.Create(current, Id, details, time.GetUtcNow()));
    }

    public Task<ServiceView?> GetAsync() =>
        Task.FromResult(state.State.Exists ? ServiceView.From(state.State) : null);

    public Task<Result<ServiceView>> UpdateDetailsAsync(ServiceDetails details, int expectedVersion) =>
        CommitAsync(current => ServiceDefinition.Update(WithId(current), details, expectedVersion, time.GetUtcNow()));

    public Task<Result<ServiceView>> ChangeStatusAsync(ServiceStatus target, int? expectedVersion) =>
        CommitAsync(current => ServiceDefinition.ChangeStatus(WithId(current), target, expectedVersion, time.GetUtcNow()));

    public async Task<Result<ServiceView>> DeleteAsync(int? expectedVersion)
    {
        var result = await CommitAsync(current => ServiceDefinition.Delete(WithId(current), expectedVersion, time.GetUtcNow()));
        if (result.IsSuccess)
        {
            DeactivateOnIdle();
        }

        return result;
    }

    public Task<Result<ServiceView>> CountActivationAsync(Guid activationId) =>
        CommitAsync(current => ServiceDefinition.CountActivation(WithId(current), activationId, time.GetUtcNow()));

    public Task<Result<ServiceView>> UncountActivationAsync(Guid activationId) =>
        CommitAsync(current => ServiceDefinition.UncountActivation(WithId(current), activationId, time.GetUtcNow()));

    public async Task ConfirmActivationAsync(Guid activationId) =>
        await CommitAsync(current => ServiceDefinition.ConfirmActivation(current, activationId, time.GetUtcNow()));

    private async Task<Result<ServiceView>> CommitAsync(Func<ServiceState, Result<ServiceState>> decide) =>
        (await state.CommitAsync(decide)).Map(ServiceView.From);

    /// <summary>A never-written state has no id yet; the rules name the service in their messages.</summary>
    private ServiceState WithId(ServiceState current)
    {
        if (current.Id == Guid.Empty)
        {
            current.Id = Id;
        }

        return current;
    }

    private static bool SameDetails(ServiceState s, ServiceDetails d) =>
        s.Name == d.Name && s.Code == d.Code && s.Description == d.Description && s.Type == d.Type &&
        s.Category == d.Category && s.Technology == d.Technology && s.Price == d.Price && s.Currency == d.Currency &&
        s.BillingCycle == d.BillingCycle && s.DataLimit == d.DataLimit && s.Speed == d.Speed &&
        s.VoiceMinutes == d.VoiceMinutes && s.SmsCount == d.SmsCount && s.MaxCustomerCount == d.MaxCustomerCount &&
        s.SlaUptime == d.SlaUptime && s.SupportLevel == d.SupportLevel &&
        s.Status == (d.InitialStatus ?? ServiceStatus.Active) &&
        s.RequiredCoverageNodes.SequenceEqual(d.RequiredCoverageNodes ?? []) && s.Features.SequenceEqual(d.Features ?? []);
}
