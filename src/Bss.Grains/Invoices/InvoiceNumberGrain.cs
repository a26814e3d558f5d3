using System.Globalization;
using Bss.Abstractions.Invoices;
using Bss.Grains.Common;

namespace Bss.Grains.Invoices;

/// <summary>
/// Invoice numbers of one year: FV/2026/000001, FV/2026/000002, … in the order invoices are issued. A number is
/// reserved for one invoice id (and re-served to it on a retry) until the invoice confirms it has stored it, so a
/// crash between the two never hands the same number to two invoices nor skips one.
/// </summary>
[GrainType("invoice-number")]
public sealed class InvoiceNumberGrain(
    [PersistentState("invoice-number", GrainStorage.Name)] IPersistentState<InvoiceNumberState> state) : Grain, IInvoiceNumberGrain
{
    private long Year => this.GetPrimaryKeyLong();

    public async Task<string> ReserveAsync(Guid invoiceId)
    {
        if (!state.State.Pending.TryGetValue(invoiceId, out var number))
        {
            number = state.State.LastNumber + 1;
            state.State.LastNumber = number;
            state.State.Pending[invoiceId] = number;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Not stored, so not reserved: the next reservation must get this same number.
                state.State.LastNumber = number - 1;
                state.State.Pending.Remove(invoiceId);
                throw;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"FV/{Year}/{number:D6}");
    }

    /// <summary>
    /// Drops the reservation in memory; the next reservation's write stores that. Until then a stored reservation
    /// only re-serves the same number to the same invoice, which has it already, so nothing needs a write of its own
    /// (half the writes of this grain, which every issued invoice of the year passes through).
    /// </summary>
    public Task ConfirmAsync(Guid invoiceId)
    {
        state.State.Pending.Remove(invoiceId);
        return Task.CompletedTask;
    }
}

[GenerateSerializer]
public sealed class InvoiceNumberState
{
    [Id(0)] public int LastNumber { get; set; }

    [Id(1)] public Dictionary<Guid, int> Pending { get; set; } = [];
}
