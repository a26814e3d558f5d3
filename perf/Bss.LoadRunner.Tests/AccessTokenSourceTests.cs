using Bss.ClientAuth;
using Microsoft.Extensions.Time.Testing;

namespace Bss.LoadRunner.Tests;

/// <summary>When the cached token is reused, replaced in the background, or waited for (the clock is a fake).</summary>
public class AccessTokenSourceTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(300);

    [Fact]
    public async Task Header_BeforeFourFifthsOfTheLifetime_ReusesTheFirstToken()
    {
        var issuer = new FakeIssuer();
        using var source = issuer.Source();

        await source.StartAsync(CancellationToken.None);
        issuer.Time.Advance(TimeSpan.FromSeconds(239));
        var header = await source.GetHeaderAsync(CancellationToken.None);

        Assert.Equal("Bearer t1", header.ToString());
        Assert.Equal(1, issuer.Requests);
    }

    [Fact]
    public async Task Header_AtFourFifthsOfTheLifetime_IsTheCurrentOneAtOnce_WhileOneRefreshRuns()
    {
        var issuer = new FakeIssuer();
        using var source = issuer.Source();
        await source.StartAsync(CancellationToken.None);
        issuer.Hold();

        issuer.Time.Advance(TimeSpan.FromSeconds(240));
        var during = Enumerable.Range(0, 50).Select(_ => source.GetHeaderAsync(CancellationToken.None)).ToList();

        Assert.All(during, h => Assert.True(h.IsCompletedSuccessfully, "a refresh must not hold requests up"));
        Assert.All(during, h => Assert.Equal("Bearer t1", h.Result.ToString()));
        Assert.Equal(2, issuer.Requests);

        issuer.Release();
        Assert.Equal("Bearer t2", (await source.GetHeaderAsync(CancellationToken.None)).ToString());
        Assert.Equal(2, issuer.Requests);
    }

    [Fact]
    public async Task Header_AfterExpiry_WaitsForOneRequestSharedByEveryCaller()
    {
        var issuer = new FakeIssuer();
        using var source = issuer.Source();
        await source.StartAsync(CancellationToken.None);
        issuer.Hold();

        issuer.Time.Advance(Lifetime);
        var waiting = Enumerable.Range(0, 20).Select(_ => source.GetHeaderAsync(CancellationToken.None).AsTask()).ToList();

        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        issuer.Release();
        var headers = await Task.WhenAll(waiting);
        Assert.All(headers, h => Assert.Equal("Bearer t2", h.ToString()));
        Assert.Equal(2, issuer.Requests);
    }

    [Fact]
    public async Task Refresh_WhenItFails_KeepsTheTokenUntilExpiry_AndAsksAgainOnlyAfterFiveSeconds()
    {
        var warnings = new List<string>();
        var issuer = new FakeIssuer();
        using var source = issuer.Source(warnings.Add);
        await source.StartAsync(CancellationToken.None);
        issuer.FailWith("the issuer http://x is unreachable");

        issuer.Time.Advance(TimeSpan.FromSeconds(240));
        var afterFailure = await source.GetHeaderAsync(CancellationToken.None);
        issuer.Time.Advance(TimeSpan.FromSeconds(4));
        await source.GetHeaderAsync(CancellationToken.None);
        var requestsWithinBackoff = issuer.Requests;
        issuer.Succeed();
        issuer.Time.Advance(TimeSpan.FromSeconds(1));
        await source.GetHeaderAsync(CancellationToken.None);

        Assert.Equal("Bearer t1", afterFailure.ToString());
        Assert.Equal(2, requestsWithinBackoff);
        Assert.Equal(3, issuer.Requests);
        Assert.Contains(warnings, w => w.Contains("unreachable", StringComparison.Ordinal));
        Assert.Equal("Bearer t3", (await source.GetHeaderAsync(CancellationToken.None)).ToString());
    }

    [Fact]
    public async Task Header_AfterExpiry_WithTheIssuerDown_FailsWithItsMessage_WithoutAskingWithinFiveSeconds()
    {
        var issuer = new FakeIssuer();
        using var source = issuer.Source();
        await source.StartAsync(CancellationToken.None);
        issuer.FailWith("the issuer http://x refused a client credentials token to client 'c': invalid_client");
        issuer.Time.Advance(Lifetime);

        var first = await Assert.ThrowsAsync<AccessTokenException>(() => source.GetHeaderAsync(CancellationToken.None).AsTask());
        var second = await Assert.ThrowsAsync<AccessTokenException>(() => source.GetHeaderAsync(CancellationToken.None).AsTask());

        Assert.Contains("invalid_client", first.Message, StringComparison.Ordinal);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(2, issuer.Requests);
    }

    [Fact]
    public async Task Start_WhenTheIssuerRefuses_ThrowsItsOneLineMessage()
    {
        var issuer = new FakeIssuer();
        issuer.FailWith("the issuer http://x refused a token for user 'viewer' to client 'bss-backend': invalid_grant");
        using var source = issuer.Source();

        var error = await Assert.ThrowsAsync<AccessTokenException>(() => source.StartAsync(CancellationToken.None));

        Assert.Equal("the issuer http://x refused a token for user 'viewer' to client 'bss-backend': invalid_grant", error.Message);
    }

    [Fact]
    public async Task Lifetime_CountsFromWhenTheTokenWasAskedFor_NotFromWhenItArrived()
    {
        var issuer = new FakeIssuer { Delay = TimeSpan.FromSeconds(10) };
        using var source = issuer.Source();
        await source.StartAsync(CancellationToken.None);

        issuer.Time.Advance(TimeSpan.FromSeconds(230));
        await source.GetHeaderAsync(CancellationToken.None);

        Assert.Equal(2, issuer.Requests);
    }

    [Fact]
    public async Task Lifetime_WhenTheIssuerDoesNotSay_IsTakenAsSixtySeconds()
    {
        var issuer = new FakeIssuer { Lifetime = TimeSpan.Zero };
        using var source = issuer.Source();
        await source.StartAsync(CancellationToken.None);

        issuer.Time.Advance(TimeSpan.FromSeconds(47));
        await source.GetHeaderAsync(CancellationToken.None);
        var before = issuer.Requests;
        issuer.Time.Advance(TimeSpan.FromSeconds(1));
        await source.GetHeaderAsync(CancellationToken.None);

        Assert.Equal(1, before);
        Assert.Equal(2, issuer.Requests);
    }

    [Fact]
    public async Task Header_WhenOneWaiterIsCancelled_TheSharedRequestGoesOnForTheOthers()
    {
        var issuer = new FakeIssuer();
        issuer.Hold();
        using var source = issuer.Source();
        using var cancel = new CancellationTokenSource();

        var cancelled = source.GetHeaderAsync(cancel.Token).AsTask();
        var other = source.GetHeaderAsync(CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        issuer.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal("Bearer t1", (await other).ToString());
        Assert.Equal(1, issuer.Requests);
    }

    /// <summary>Hands out t1, t2, … living <see cref="Lifetime"/>; can hold an answer back or fail.</summary>
    private sealed class FakeIssuer
    {
        private TaskCompletionSource? _held;
        private string? _failure;

        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

        public int Requests { get; private set; }

        public TimeSpan Lifetime { get; init; } = AccessTokenSourceTests.Lifetime;

        /// <summary>How long the issuer takes to answer (the fake clock moves on by it).</summary>
        public TimeSpan Delay { get; init; }

        public AccessTokenSource Source(Action<string>? warn = null) => new(RequestAsync, Time, warn);

        public void Hold() => _held = new TaskCompletionSource();

        /// <summary>Answers the held request; its continuations (the source storing the token) run before this returns.</summary>
        public void Release()
        {
            var held = _held!;
            _held = null;
            held.SetResult();
        }

        public void FailWith(string message) => _failure = message;

        public void Succeed() => _failure = null;

        private async Task<IssuedToken> RequestAsync(CancellationToken cancel)
        {
            var number = ++Requests;
            if (_held is { } held)
            {
                await held.Task;
            }

            Time.Advance(Delay);
            return _failure is { } failure
                ? throw new AccessTokenException(failure)
                : new IssuedToken($"t{number}", Lifetime);
        }
    }
}
