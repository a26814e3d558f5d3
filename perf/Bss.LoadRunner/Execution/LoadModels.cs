using System.Diagnostics;
using System.Threading.Channels;
using Bss.LoadRunner.Reporting;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Execution;

/// <summary>Creates virtual user number n (0-based); the number decides which owned records it gets.</summary>
internal delegate VirtualUser VirtualUserFactory(int number);

/// <summary>The three ways a scenario drives load.</summary>
internal static class LoadModels
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(50);

    /// <summary>One VU sends every endpoint of the mix once, in order (the smoke test).</summary>
    public static async Task OnceAsync(WeightedMix mix, VirtualUserFactory users, ScenarioRecorder recorder, CancellationToken cancel)
    {
        var user = users(0);
        foreach (var endpoint in mix.Endpoints)
        {
            await user.SendAsync(endpoint, recorder, Stopwatch.GetTimestamp(), cancel);
        }
    }

    /// <summary>
    /// Closed model: each active VU sends, waits for the answer, thinks, and sends again, so the rate is what the
    /// system lets through. VUs above the plan's current target idle.
    /// </summary>
    public static async Task ClosedAsync(StagePlan plan, ThinkTime? think, VirtualUserFactory users,
        ScenarioRecorder recorder, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var (thinkMin, thinkMax) = think is null ? (TimeSpan.Zero, TimeSpan.Zero) : (Durations.Parse(think.Min), Durations.Parse(think.Max));

        async Task RunUserAsync(int number)
        {
            VirtualUser? user = null;
            while (clock.Elapsed < plan.Total && !cancel.IsCancellationRequested)
            {
                if (number >= plan.TargetAt(clock.Elapsed))
                {
                    await Delay(IdlePoll, cancel);
                    continue;
                }

                user ??= users(number);
                await user.IterateAsync(recorder, Stopwatch.GetTimestamp(), cancel);
                if (thinkMax > TimeSpan.Zero)
                {
                    await Delay(thinkMin + ((thinkMax - thinkMin) * Random.Shared.NextDouble()), cancel);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, plan.Peak).Select(n => Task.Run(() => RunUserAsync(n), CancellationToken.None)));
    }

    /// <summary>
    /// Open model: requests start on the schedule, each on a free VU (up to <paramref name="maxVus"/>); when all are
    /// busy a request waits for one, and that wait counts in its latency because latency starts at its due time.
    /// </summary>
    public static async Task OpenAsync(ArrivalSchedule schedule, int maxVus, VirtualUserFactory users,
        ScenarioRecorder recorder, CancellationToken cancel)
    {
        var free = Channel.CreateUnbounded<VirtualUser>();
        var created = 0;
        var pending = 0;
        var start = Stopwatch.GetTimestamp();

        async Task SendOnFreeUserAsync(long due)
        {
            try
            {
                if (!free.Reader.TryRead(out var user))
                {
                    var number = Interlocked.Increment(ref created) - 1;
                    user = number < maxVus ? users(number) : await free.Reader.ReadAsync(cancel);
                }

                await user.IterateAsync(recorder, due, cancel);
                free.Writer.TryWrite(user);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref pending);
            }
        }

        long sent = 0;
        while (sent < schedule.Total && !cancel.IsCancellationRequested)
        {
            var due = schedule.DueBy(Stopwatch.GetElapsedTime(start));
            for (; sent < due; sent++)
            {
                Interlocked.Increment(ref pending);
                _ = SendOnFreeUserAsync(start + (long)(schedule.DueAt(sent).TotalSeconds * Stopwatch.Frequency));
            }

            await Delay(TimeSpan.FromMilliseconds(1), cancel);
        }

        while (Volatile.Read(ref pending) > 0)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken cancel)
    {
        try
        {
            await Task.Delay(delay, cancel);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
