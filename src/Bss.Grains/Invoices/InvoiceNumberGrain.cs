using System.Globalization;
using Bss.Abstractions.Invoices;
using Bss.Grains.Common;
using Orleans.Concurrency;

namespace Bss.Grains.Invoices;

/// <summary>
/// Invoice numbers of one year: FV/2026/000001, FV/2026/000002, … in the order invoices are issued. A number is
/// reserved for one invoice id (and re-served to it on a retry) until the invoice confirms it has stored it, so a
/// crash between the two never hands the same number to two invoices. A reservation abandoned that way is handed
/// back to its invoice, which takes the number, so none is skipped either.
/// <para>
/// Every issued invoice of the year passes through this one grain, so its writes are grouped: reservations that
/// arrive while a write is under way are numbered in memory at once and stored together by the next write, and each
/// caller is answered only when the write holding its number has landed. The grain is reentrant for that; its only
/// await is that write. A failed write fails every reservation not yet stored and ends the activation, so the next
/// one starts again from what storage holds: a number is never handed out unless stored, nor stored twice.
/// </para>
/// </summary>
[GrainType("invoice-number")]
[Reentrant]
public sealed class InvoiceNumberGrain(
    [PersistentState("invoice-number", GrainStorage.Name)] IPersistentState<InvoiceNumberState> state,
    TimeProvider time) : Grain, IInvoiceNumberGrain
{
    /// <summary>A reservation this old belongs to an issue that will not confirm it by itself.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromSeconds(30);

    /// <summary>When each open reservation was made (or found, for those stored before this activation).</summary>
    private readonly Dictionary<Guid, DateTimeOffset> _since = [];

    private DateTimeOffset _lastReconciled = DateTimeOffset.MinValue;

    /// <summary>Reservations numbered in memory and not yet stored: nobody learns these numbers until they are.</summary>
    private readonly HashSet<Guid> _unsaved = [];

    /// <summary>Completed by the write that stores the reservations made since the current write began.</summary>
    private TaskCompletionSource? _nextWrite;

    private bool _writing;

    /// <summary>Set when a write failed: this activation's memory is ahead of storage and must not be used again.</summary>
    private Exception? _failed;

    private long Year => this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var invoiceId in state.State.Pending.Keys)
        {
            _since[invoiceId] = time.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    public async Task<string> ReserveAsync(Guid invoiceId)
    {
        if (_failed is not null)
        {
            throw new InvalidOperationException("Invoice numbers of this year are reloading after a failed write; retry.", _failed);
        }

        ReconcileAbandoned();
        if (!state.State.Pending.TryGetValue(invoiceId, out var number))
        {
            number = state.State.LastNumber + 1;
            state.State.LastNumber = number;
            state.State.Pending[invoiceId] = number;
            _since[invoiceId] = time.GetUtcNow();
            _unsaved.Add(invoiceId);
        }

        if (_unsaved.Contains(invoiceId))
        {
            await StoredAsync();
        }

        return Format(number);
    }

    public Task<string?> ReservedForAsync(Guid invoiceId) =>
        Task.FromResult(state.State.Pending.TryGetValue(invoiceId, out var number) && !_unsaved.Contains(invoiceId) ? Format(number) : null);

    public Task ReconcileAsync()
    {
        Reconcile(state.State.Pending.Keys.Where(id => !_unsaved.Contains(id)).ToList());
        return Task.CompletedTask;
    }

    /// <summary>
    /// Waits until the reservations made so far are stored. Each caller waits for its own write only: the write loop
    /// runs on its own (on this activation's scheduler), so under a steady stream of reservations nobody waits for the
    /// writes of those that came after it.
    /// </summary>
    private Task StoredAsync()
    {
        _nextWrite ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = _nextWrite.Task;
        if (!_writing)
        {
            _writing = true;
            _ = WriteAllAsync();
        }

        return stored;
    }

    /// <summary>Writes until no reservation is left unstored; each write takes every reservation made before it began.
    /// Never throws: a failed write fails the reservations it held and those waiting behind it.</summary>
    private async Task WriteAllAsync()
    {
        try
        {
            while (_nextWrite is { } batch)
            {
                _nextWrite = null;
                var included = _unsaved.ToList();
                try
                {
                    await state.WriteStateAsync();
                }
                catch (Exception e)
                {
                    _failed = e;
                    batch.TrySetException(e);
                    _nextWrite?.TrySetException(e);
                    _nextWrite = null;
                    this.DeactivateOnIdle();
                    return;
                }

                _unsaved.ExceptWith(included);
                batch.TrySetResult();
            }
        }
        finally
        {
            _writing = false;
        }
    }

    /// <summary>
    /// Reservations open for longer than <see cref="Abandoned"/> belong to issues that crashed between reserving and
    /// storing: their invoices are asked to take the number (checked at most every few seconds, on a reservation).
    /// </summary>
    private void ReconcileAbandoned()
    {
        var now = time.GetUtcNow();
        if (state.State.Pending.Count == 0 || now - _lastReconciled < TimeSpan.FromSeconds(5))
        {
            return;
        }

        _lastReconciled = now;
        Reconcile(state.State.Pending.Keys.Where(id => !_unsaved.Contains(id) && now - _since.GetValueOrDefault(id, now) >= Abandoned).ToList());
    }

    private void Reconcile(IReadOnlyList<Guid> invoiceIds)
    {
        foreach (var invoiceId in invoiceIds)
        {
            // One-way: the invoice may itself be waiting on this grain to reserve or confirm.
            GrainFactory.GetGrain<IInvoiceGrain>(invoiceId).ReconcileNumberAsync((int)Year, Format(state.State.Pending[invoiceId])).Ignore();
        }
    }

    private string Format(int number) => string.Create(CultureInfo.InvariantCulture, $"FV/{Year}/{number:D6}");

    /// <summary>
    /// Drops the reservation in memory; the next reservation's write stores that. Until then a stored reservation
    /// only re-serves the same number to the same invoice, which has it already, so nothing needs a write of its own
    /// (half the writes of this grain, which every issued invoice of the year passes through).
    /// </summary>
    public Task ConfirmAsync(Guid invoiceId)
    {
        state.State.Pending.Remove(invoiceId);
        _since.Remove(invoiceId);
        return Task.CompletedTask;
    }
}

[GenerateSerializer]
public sealed class InvoiceNumberState
{
    [Id(0)] public int LastNumber { get; set; }

    [Id(1)] public Dictionary<Guid, int> Pending { get; set; } = [];
}
