using Bss.Abstractions.Customers;
using Bss.Abstractions.ServiceActivations;
using Bss.Abstractions.Services;
using Bss.Domain.Common;
using Bss.Domain.ServiceActivations;
using Bss.Grains.Common;
using Microsoft.Extensions.Options;

namespace Bss.Grains.ServiceActivations;

/// <summary>
/// An activation. Each step is written before the next one starts (PROVISIONING, then the service counts the
/// customer, then ACTIVE), and the service counts per activation id, so a step a crash interrupted is finished,
/// not repeated, by the next call: a retried POST (same Idempotency-Key, same id) or a deactivation. Once the outcome is
/// stored the activation confirms it, and the service forgets its id (it keeps only a count).
/// A SCHEDULED activation keeps a reminder that starts it once its start date has come.
/// </summary>
[GrainType("service-activation")]
public sealed class ServiceActivationGrain(
    [PersistentState("service-activation", GrainStorage.Name)] IPersistentState<ServiceActivationState> state,
    TimeProvider time,
    IOptions<IdempotencyOptions> idempotency) : Grain, IServiceActivationGrain, IRemindable
{
    internal const string StartReminder = "start";

    /// <summary>Reminders wake a scheduled activation at least this often (they cannot wait months in one step).</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(7);

    private Guid Id => this.GetPrimaryKey();

    private IServiceGrain Service => GrainFactory.GetGrain<IServiceGrain>(state.State.ServiceId);

    public Task<Result<Created<ServiceActivationView>>> CreateOnceAsync(ActivationRequest request, string? requestFingerprint) =>
        state.CreateOnceAsync(requestFingerprint, time.GetUtcNow(), idempotency.Value.Retention,
            () => ActivateAsync(request), ServiceActivationView.From,
            FinishPendingStepAsync);

    public async Task<Result<ServiceActivationView>> ActivateAsync(ActivationRequest request)
    {
        if (state.State.Exists && state.State.ServiceId == request.ServiceId && state.State.CustomerId == request.CustomerId)
        {
            await FinishPendingStepAsync();
            return Result<ServiceActivationView>.Ok(ServiceActivationView.From(state.State));
        }

        if (state.State.Version == 0 && ServiceActivation.Validate(request) is { IsEmpty: false } invalid)
        {
            return DomainError.Validation(invalid);
        }

        var serviceTask = GrainFactory.GetGrain<IServiceGrain>(request.ServiceId).GetAsync();
        var customerTask = GrainFactory.GetGrain<ICustomerGrain>(request.CustomerId).GetAsync();
        var (service, customer) = (await serviceTask, await customerTask);
        var facts = new EligibilityFacts(request.CustomerId, customer?.Status, service?.Code ?? request.ServiceId.ToString(),
            service?.Status, service?.ActiveCustomerCount ?? 0, service?.MaxCustomerCount, HasOpenActivation: false);
        if (state.State.Version == 0 && ServiceActivation.Refusal(facts) is { } refused)
        {
            return refused;
        }

        var created = await state.CommitAsync(current =>
            ServiceActivation.Create(current, Id, request, service?.Code ?? "", service?.Name ?? "", time.GetUtcNow()));
        if (created.IsSuccess)
        {
            await FinishPendingStepAsync();
            if (state.State.Status == ActivationStatus.Scheduled)
            {
                await KeepStartReminderAsync();
            }
        }

        return created.Map(_ => ServiceActivationView.From(state.State));
    }

    public Task<ServiceActivationView?> GetAsync() =>
        Task.FromResult(state.State.Exists ? ServiceActivationView.From(state.State) : null);

    public async Task<Result<ServiceActivationView>> DeactivateAsync(DeactivationRequest request, int? expectedVersion)
    {
        if (state.State.Exists)
        {
            await FinishPendingStepAsync();
        }

        var result = await state.CommitAsync(current => ServiceActivation.Deactivate(WithId(current), request, expectedVersion, time.GetUtcNow()));
        if (result.IsSuccess)
        {
            await FinishPendingStepAsync();
            if (state.State.Status == ActivationStatus.Cancelled)
            {
                await KeepStartReminderAsync();
            }
        }

        return result.Map(_ => ServiceActivationView.From(state.State));
    }

    public async Task<ServiceActivationView?> StartIfDueAsync()
    {
        if (state.State.Exists)
        {
            var started = await state.CommitAsync(current => ServiceActivation.StartIfDue(current, time.GetUtcNow()));
            if (started.IsSuccess)
            {
                await FinishPendingStepAsync();
            }
        }

        return await GetAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == StartReminder)
        {
            await StartIfDueAsync();
            await KeepStartReminderAsync();
        }
    }

    /// <summary>While SCHEDULED, a reminder due at the start date (or sooner, see <see cref="LongestWait"/>); otherwise none.</summary>
    private async Task KeepStartReminderAsync()
    {
        if (state.State.Exists && state.State.Status == ActivationStatus.Scheduled)
        {
            var start = new DateTimeOffset(state.State.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var wait = start - time.GetUtcNow();
            var due = wait < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait > LongestWait ? LongestWait : wait;
            await this.RegisterOrUpdateReminder(StartReminder, due, TimeSpan.FromHours(1));
        }
        else if (await this.GetReminder(StartReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Completes PROVISIONING or DEPROVISIONING: the service (un)counts this activation, then the status moves on.</summary>
    private async Task FinishPendingStepAsync()
    {
        switch (state.State.Status)
        {
            case ActivationStatus.Provisioning:
                var counted = await Service.CountActivationAsync(Id);
                await state.CommitAsync(current => counted.IsSuccess
                    ? ServiceActivation.Provisioned(current, time.GetUtcNow())
                    : ServiceActivation.ProvisioningFailed(current, counted.Error.Message, time.GetUtcNow()));
                if (counted.IsSuccess)
                {
                    // ACTIVE is stored: this activation never asks to be counted again, so the service may forget it.
                    await Service.ConfirmActivationAsync(Id);
                }

                break;
            case ActivationStatus.Deprovisioning:
                await Service.UncountActivationAsync(Id);
                await state.CommitAsync(current => ServiceActivation.Deprovisioned(current, time.GetUtcNow()));
                await Service.ConfirmActivationAsync(Id);
                break;
        }
    }

    private ServiceActivationState WithId(ServiceActivationState current)
    {
        if (current.Id == Guid.Empty)
        {
            current.Id = Id;
        }

        return current;
    }
}
