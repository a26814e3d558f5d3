using Bss.Abstractions.Customers;
using Bss.Abstractions.Invoices;
using Bss.Domain.Common;
using Bss.Domain.Invoices;
using Bss.Grains.Common;

namespace Bss.Grains.Invoices;

[GrainType("invoice")]
public sealed class InvoiceGrain(
    [PersistentState("invoice", GrainStorage.Name)] IPersistentState<InvoiceState> state,
    TimeProvider time) : Grain, IInvoiceGrain
{
    static InvoiceGrain() =>
        UniqueConstraints.Register("ux_documents_invoice_number", "invoiceNumber", "is already used by another invoice");

    private Guid Id => this.GetPrimaryKey();

    private InvoiceView View(InvoiceState s) => new(s, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));

    public async Task<Result<InvoiceView>> CreateDraftAsync(InvoiceDraft draft)
    {
        var customer = await GrainFactory.GetGrain<ICustomerGrain>(draft.CustomerId).GetAsync();
        if (customer is null)
        {
            return DomainError.Validation(new FieldErrors().Add("customerId", $"no customer {draft.CustomerId}"));
        }

        var name = $"{customer.FirstName} {customer.LastName}";
        return (await state.CommitAsync(current => Invoice.CreateDraft(current, Id, draft, name, time.GetUtcNow()))).Map(View);
    }

    public Task<InvoiceView?> GetAsync() => Task.FromResult(state.State.Exists ? View(state.State) : null);

    public async Task<Result<InvoiceView>> IssueAsync(int? expectedVersion)
    {
        if (Invoice.CanIssue(state.State, expectedVersion) is { } refused)
        {
            return refused;
        }

        // The grain handles one request at a time, so nothing can change the invoice between the check above and
        // the write below; the number is reserved for this invoice and is the same if this call is retried.
        var now = time.GetUtcNow();
        var numbers = GrainFactory.GetGrain<IInvoiceNumberGrain>(now.Year);
        var number = await numbers.ReserveAsync(Id);
        var result = await state.CommitAsync(current => Invoice.Issue(current, number, expectedVersion, now));
        if (result.IsSuccess)
        {
            await numbers.ConfirmAsync(Id);
        }

        return result.Map(View);
    }

    public Task<Result<InvoiceView>> SendAsync(string? email, int? expectedVersion) =>
        Decide(current => Invoice.Send(current, email, expectedVersion, time.GetUtcNow()));

    public Task<Result<InvoiceView>> MarkOverdueAsync(int? expectedVersion) =>
        Decide(current => Invoice.MarkOverdue(current, expectedVersion, time.GetUtcNow()));

    public Task<Result<InvoiceView>> CancelAsync(int? expectedVersion) =>
        Decide(current => Invoice.Cancel(current, expectedVersion, time.GetUtcNow()));

    public Task<Result<InvoiceView>> MarkPaidAsync(int? expectedVersion) =>
        Decide(current => Invoice.MarkPaid(current, expectedVersion));

    public Task<Result<InvoiceView>> ApplyPaymentAsync(Guid paymentId, decimal amount, string currency) =>
        Decide(current => Invoice.ApplyPayment(current, paymentId, amount, currency, time.GetUtcNow()));

    public Task<Result<InvoiceView>> ReversePaymentAsync(Guid paymentId) =>
        Decide(current => Invoice.ReversePayment(current, paymentId, time.GetUtcNow()));

    private async Task<Result<InvoiceView>> Decide(Func<InvoiceState, Result<InvoiceState>> decide)
    {
        if (state.State.Id == Guid.Empty)
        {
            state.State.Id = Id;
        }

        return (await state.CommitAsync(decide)).Map(View);
    }
}
