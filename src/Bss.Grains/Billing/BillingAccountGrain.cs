using Bss.Abstractions.Billing;
using Bss.Abstractions.Customers;
using Bss.Abstractions.Invoices;
using Bss.Abstractions.Products;
using Bss.Abstractions.Subscriptions;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.Invoices;
using Bss.Domain.Subscriptions;
using Bss.Grains.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Billing;

/// <summary>
/// A customer's billing account. A run decides (pure, in <see cref="BillingRun"/>) and stores its whole decision —
/// billed days, used credit, consumed charges and the invoices to deliver — in one write of this grain; the invoices
/// are then created and issued under ids fixed by that decision, so a crash at any point resumes into the same
/// invoices and never bills a day twice. A daily reminder bills on the cycle day, delivers, and runs dunning.
/// Every decision is a pure rule of <see cref="BillingAccount"/>, <see cref="BillingRun"/> or <see cref="Dunning"/>;
/// this grain loads their input, writes their result, and calls the other grains they name, concurrently where the
/// calls are independent.
/// </summary>
[GrainType("billing-account")]
public sealed partial class BillingAccountGrain(
    [PersistentState("billing-account", GrainStorage.Name)] IPersistentState<BillingAccountState> state,
    TimeProvider time,
    IOptions<BillingOptions> options,
    BssMetrics metrics,
    IBillingDirectory directory,
    ILogger<BillingAccountGrain> logger) : Grain, IBillingAccountGrain, IRemindable
{
    internal const string DailyReminder = "billing-daily";
    private bool _scheduled;

    private Guid Id => this.GetPrimaryKey();

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Exists)
        {
            await ScheduleAsync();
        }
    }

    public Task<BillingAccountView> GetAsync() => Task.FromResult(View(state.State));

    public async Task<Result<BillingAccountView>> UpdateSettingsAsync(BillingSettings settings, int? expectedVersion)
    {
        var result = await state.CommitAsync(current =>
            BillingAccount.ChangeSettings(Current(current), settings.BillCycleDay, settings.PaymentTerms, settings.Currency, expectedVersion, time.GetUtcNow()));
        await ScheduleAsync();
        return result.Map(View);
    }

    public async Task TrackSubscriptionAsync(Guid subscriptionId)
    {
        await ChangeAsync(current => BillingAccount.TrackSubscription(current, subscriptionId, time.GetUtcNow()));
        await ScheduleAsync();
    }

    public Task TrackInvoiceAsync(Guid invoiceId) =>
        ChangeAsync(current => BillingAccount.TrackInvoice(current, invoiceId, time.GetUtcNow()));

    public async Task<Result<BillingRunView>> BillAsync(DateOnly cycleDate)
    {
        await DeliverAsync();
        var input = await LoadInputAsync();
        var before = state.State;
        var decision = BillingRun.Decide(Current(before), input, cycleDate, time.GetUtcNow());
        if (!decision.IsSuccess)
        {
            metrics.BillingAccountFailed();
            LogRunRefused(logger, Id, cycleDate, decision.Error.Message);
            return decision.Error;
        }

        var (next, invoices) = decision.Value;
        if (invoices.Count > 0 || !BillingAccount.AlreadyBilled(before, next, cycleDate))
        {
            await state.CommitAsync(_ => Result<BillingAccountState>.Ok(next));
            await ScheduleAsync();
            metrics.InvoicesGenerated(invoices.Count);
        }

        await DeliverAsync();
        var ofDate = state.State.LastCycleDate == cycleDate ? state.State.LastCycleInvoices : invoices.Count;
        return Result<BillingRunView>.Ok(new BillingRunView(Id, cycleDate, invoices, before.Credit, state.State.Credit, ofDate));
    }

    public async Task<Result<BillingRunView>> PreviewAsync(DateOnly asOf)
    {
        var input = await LoadInputAsync();
        var before = Current(state.State);
        return BillingRun.Decide(before, input, asOf, time.GetUtcNow())
            .Map(d => new BillingRunView(Id, asOf, d.Invoices, before.Credit, d.Account.Credit, d.Invoices.Count));
    }

    public async Task<DomainError?> AddOneTimeChargeAsync(OneTimeCharge charge)
    {
        var result = await state.CommitAsync(current =>
            OneTimeCharges.Accept(Current(current), charge, c => BillingAccount.Next(c, time.GetUtcNow(), _ => { })));
        await ScheduleAsync();
        return result.Error;
    }

    public async Task<Result<decimal>> AddPaymentCreditAsync(Guid paymentId, decimal amount, string currency)
    {
        var result = await state.CommitAsync(current =>
            BillingAccount.AddPaymentCredit(Current(current), paymentId, amount, currency, time.GetUtcNow()).Map(next => next ?? current));
        return result.Map(account => account.Credit);
    }

    public Task ReversePaymentCreditAsync(Guid paymentId) =>
        ChangeAsync(current => BillingAccount.ReversePaymentCredit(current, paymentId, time.GetUtcNow()));

    public async Task<Result<UsageRecordState>> RecordUsageAsync(UsageRecordDetails record)
    {
        var recordGrain = GrainFactory.GetGrain<IUsageRecordGrain>(record.Id);
        if (!state.State.UnratedUsage.ContainsKey(record.Id))
        {
            if (await recordGrain.GetAsync() is { } stored)
            {
                // Recorded (and maybe rated) before: answer it, or refuse other content under the same id.
                return await recordGrain.StoreAsync(record);
            }

            if (BillingAccount.WasRated(state.State, record.Id, UsageOf(record)))
            {
                // Counted, then rated, but never stored (a crash in between): store it now; it is billed once.
                return await recordGrain.StoreAsync(record);
            }

            var subscription = await GrainFactory.GetGrain<ISubscriptionGrain>(record.SubscriptionId).GetBillingStateAsync();
            var refusal = BillingAccount.CheckUsage(Current(state.State), subscription, record.SubscriptionId, record.UsageDate);
            if (refusal is not null)
            {
                return refusal;
            }

            // Counted on the account first: a crash before the record is stored leaves a retry to store it.
            await ChangeAsync(current => BillingAccount.CountUsage(current, record.Id, UsageOf(record), time.GetUtcNow()));
            await ScheduleAsync();
        }

        return await recordGrain.StoreAsync(record);
    }

    public async Task<BillingAccountView> RunDailyAsync()
    {
        if (state.State.Exists && !state.State.CustomerDeleted && await GrainFactory.GetGrain<ICustomerGrain>(Id).IsDeletedAsync())
        {
            // The customer's deletion did not reach the account (a crash in between): stop now.
            await CloseForDeletedCustomerAsync();
        }

        if (state.State.Exists && !state.State.CustomerDeleted)
        {
            var today = Today;
            var due = BillingCalendar.CycleDateOnOrBefore(today, state.State.BillCycleDay);
            if (state.State.LastCycleDate is not { } last || last < due)
            {
                await BillAsync(due);
            }

            await DeliverAsync();
            await DunningAsync(today);
        }

        return View(state.State);
    }

    public async Task CloseForDeletedCustomerAsync()
    {
        await ChangeAsync(current => BillingAccount.CloseForDeletedCustomer(current, time.GetUtcNow()));
        if (await this.GetReminder(DailyReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _scheduled = false;
    }

    public async Task InvoiceSettledAsync(Guid invoiceId)
    {
        if (state.State.Exists && !state.State.CustomerDeleted && state.State.OpenInvoices.Contains(invoiceId))
        {
            await DunningAsync(Today);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == DailyReminder)
        {
            await RunDailyAsync();
        }
    }

    /// <summary>
    /// Creates and issues the invoices decided earlier (idempotent by their ids), then forgets them. One after another,
    /// in the order the run decided them, so that their legal numbers follow that order (a credit note before the
    /// invoice that replaces it); billing's parallelism is across accounts.
    /// </summary>
    private async Task DeliverAsync()
    {
        var undelivered = state.State.Undelivered;
        if (undelivered.Count == 0)
        {
            return;
        }

        foreach (var invoice in undelivered)
        {
            var outcome = await GrainFactory.GetGrain<IInvoiceGrain>(invoice.InvoiceId).CreateGeneratedAsync(invoice);
            if (!outcome.IsSuccess)
            {
                // A generated invoice is valid by construction; a refusal here is a defect to look at, not to retry.
                LogDeliveryRefused(logger, Id, invoice.InvoiceId, outcome.Error.Message);
            }
        }

        // Forgotten in memory; stored with the account's next change (see BillingAccount.ForgetDelivered).
        var delivered = undelivered.Select(i => i.InvoiceId).ToHashSet();
        state.State = BillingAccount.ForgetDelivered(state.State, delivered) ?? state.State;
    }

    private async Task DunningAsync(DateOnly today)
    {
        var open = await Task.WhenAll(state.State.OpenInvoices.Select(async invoiceId =>
            (invoiceId, (await GrainFactory.GetGrain<IInvoiceGrain>(invoiceId).GetAsync())?.State)));
        var (unpaid, closed) = BillingAccount.ReviewOpenInvoices(open);
        var grace = options.Value.DunningGraceDays;
        var active = state.State.Dunning.Stage == DunningStage.None && unpaid.Any(i => Dunning.OverdueDays(i.DueDate, today) > grace)
            ? await ActiveSubscriptionsAsync()
            : [];
        var decision = Dunning.Decide(state.State.Dunning, unpaid, active, today, grace);
        var marked = await Task.WhenAll(decision.MarkOverdue.Select(invoiceId =>
            GrainFactory.GetGrain<IInvoiceGrain>(invoiceId).MarkOverdueAsync(null)));
        foreach (var outcome in marked)
        {
            if (outcome.IsSuccess)
            {
                metrics.InvoiceOverdue();
            }
        }

        await ChangeAsync(current => BillingAccount.ApplyDunning(current, closed, decision.Next, time.GetUtcNow()));

        await ContinueDunningAsync();
    }

    /// <summary>Carries out a decided suspension or resumption; each call is idempotent, so it is simply repeated
    /// until it is through.</summary>
    private async Task ContinueDunningAsync()
    {
        var dunning = state.State.Dunning;
        var customer = GrainFactory.GetGrain<ICustomerGrain>(Id);
        if (dunning.Stage == DunningStage.Suspending)
        {
            await Task.WhenAll(dunning.SubscriptionIds.Select(id => GrainFactory.GetGrain<ISubscriptionGrain>(id).SuspendForDunningAsync()));
            if ((await customer.GetAsync())?.Status == CustomerStatus.Active)
            {
                await customer.ChangeStatusAsync(CustomerStatus.Suspended, null);
            }

            await ChangeAsync(current => BillingAccount.CompleteDunningStep(current, time.GetUtcNow()));
            metrics.DunningSuspended(dunning.SubscriptionIds.Count);
        }
        else if (dunning.Stage == DunningStage.Resuming)
        {
            if ((await customer.GetAsync())?.Status == CustomerStatus.Suspended)
            {
                await customer.ChangeStatusAsync(CustomerStatus.Active, null);
            }

            await Task.WhenAll(dunning.SubscriptionIds.Select(async subscriptionId =>
            {
                var resumed = await GrainFactory.GetGrain<ISubscriptionGrain>(subscriptionId).ResumeFromDunningAsync();
                if (!resumed.IsSuccess)
                {
                    LogResumeRefused(logger, Id, subscriptionId, resumed.Error.Message);
                }
            }));

            await ChangeAsync(current => BillingAccount.CompleteDunningStep(current, time.GetUtcNow()));
            metrics.DunningResumed(dunning.SubscriptionIds.Count);
        }
    }

    private async Task<IReadOnlyList<Guid>> ActiveSubscriptionsAsync()
    {
        var subscriptions = await SubscriptionsAsync();
        return subscriptions.Where(s => s.Status == SubscriptionStatus.Active).Select(s => s.Id).ToList();
    }

    private async Task<BillingInput> LoadInputAsync()
    {
        var customerTask = GrainFactory.GetGrain<ICustomerGrain>(Id).GetAsync();
        var subscriptions = await SubscriptionsAsync();
        var productIds = subscriptions.SelectMany(s => Subscription.TermsOf(s).Select(t => t.ProductId)).Distinct().ToList();
        var products = await Task.WhenAll(productIds.Select(id => GrainFactory.GetGrain<IProductGrain>(id).GetAsync()));
        var customer = await customerTask;
        return new BillingInput(
            customer is null ? $"Customer {Id}" : $"{customer.FirstName} {customer.LastName}",
            subscriptions,
            products.Where(p => p is not null).ToDictionary(p => p!.Id, p => ProductFactsOf(p!)));
    }

    private async Task<IReadOnlyList<SubscriptionState>> SubscriptionsAsync()
    {
        var ids = new HashSet<Guid>(state.State.SubscriptionIds);
        ids.UnionWith(state.State.Subscriptions.Keys);
        // Subscriptions stored before the account tracked them (tracking is a separate call that a crash can miss).
        ids.UnionWith(await directory.SubscriptionIdsAsync(Id));

        var states = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<ISubscriptionGrain>(id).GetBillingStateAsync()));
        return states.Where(s => s is not null && s.CustomerId == Id).Select(s => s!).ToList();
    }

    private static UsageTotal UsageOf(UsageRecordDetails record) =>
        new(record.SubscriptionId, record.UsageDate, record.UsageType, record.Quantity);

    private static ProductFacts ProductFactsOf(ProductView product) => new(product.Name, product.TaxRate, product.UsageAllowances);

    /// <summary>The account as stored, or a new one with the defaults.</summary>
    private BillingAccountState Current(BillingAccountState current)
    {
        if (!current.Exists)
        {
            current.Id = Id;
            current.CustomerId = Id;
        }

        return current;
    }

    /// <summary>Writes the change <paramref name="decide"/> makes, if it makes one (null: nothing to change).</summary>
    private async Task ChangeAsync(Func<BillingAccountState, BillingAccountState?> decide) =>
        await state.CommitAsync(current => Result<BillingAccountState>.Ok(decide(Current(current)) ?? current));

    /// <summary>The daily reminder, once per activation of an account that exists; spread over the first hour of the day.</summary>
    private async Task ScheduleAsync()
    {
        if (_scheduled || !state.State.Exists || state.State.CustomerDeleted)
        {
            return;
        }

        // Registered once per account (a read per activation checks it); re-registering would be a write each time.
        if (await this.GetReminder(DailyReminder) is null)
        {
            var now = time.GetUtcNow();
            var spread = TimeSpan.FromSeconds((uint)Id.GetHashCode() % 3600);
            var due = now.UtcDateTime.Date.AddDays(1) + spread - now.UtcDateTime;
            await this.RegisterOrUpdateReminder(DailyReminder, due, TimeSpan.FromDays(1));
        }

        _scheduled = true;
    }

    private BillingAccountView View(BillingAccountState s)
    {
        var today = Today;
        var next = BillingCalendar.CycleDateAfter(s.LastCycleDate is { } last && last >= today ? last : today.AddDays(-1), s.BillCycleDay);
        return new BillingAccountView(Id, s.BillCycleDay, s.Currency, s.PaymentTerms, s.Credit, s.LastCycleDate, next,
            s.Dunning.Stage, s.Dunning.SubscriptionIds, s.Dunning.Since, s.SubscriptionIds.Count, s.OpenInvoices.Count,
            s.InvoicesGenerated, s.TotalInvoiced, s.Version, s.Exists ? s.CreatedAt : null, s.Exists ? s.UpdatedAt : null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing account {CustomerId}: run for {CycleDate} refused: {Reason}")]
    private static partial void LogRunRefused(ILogger logger, Guid customerId, DateOnly cycleDate, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Billing account {CustomerId}: invoice {InvoiceId} refused delivery: {Reason}")]
    private static partial void LogDeliveryRefused(ILogger logger, Guid customerId, Guid invoiceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing account {CustomerId}: subscription {SubscriptionId} could not resume: {Reason}")]
    private static partial void LogResumeRefused(ILogger logger, Guid customerId, Guid subscriptionId, string reason);
}
