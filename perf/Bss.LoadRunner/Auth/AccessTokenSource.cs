using System.Net.Http.Headers;

namespace Bss.ClientAuth;

/// <summary>An access token as the issuer handed it out: the token and how long it lives (expires_in).</summary>
internal readonly record struct IssuedToken(string AccessToken, TimeSpan Lifetime);

/// <summary>The issuer refused, or could not be asked for, a token. One line, fit for an error message.</summary>
/// <remarks>
/// An <see cref="HttpRequestException"/>, so that a request whose token could not be had counts where the tools
/// already count a request that could not be sent (the seeder retries it, the runner records an error).
/// </remarks>
internal sealed class AccessTokenException(string message) : HttpRequestException(message);

/// <summary>
/// The bearer header every request of a tool carries. The token is cached and replaced at 80 % of its lifetime by
/// one request to the issuer, in the background, while requests go on with the current one; only when there is no
/// valid token at all (the first, or the issuer was down past the expiry) do requests wait for the issuer, and then
/// all of them for the same single request. The hot path is a field read and a clock read.
/// </summary>
internal sealed class AccessTokenSource : IDisposable
{
    /// <summary>Share of a token's lifetime after which it is replaced (Keycloak's 300 s: at 240 s).</summary>
    public const double RefreshShare = 0.8;

    /// <summary>Lifetime assumed when the issuer does not say (expires_in is optional in OAuth 2.0).</summary>
    public static readonly TimeSpan UnstatedLifetime = TimeSpan.FromSeconds(60);

    /// <summary>After a failed attempt, the issuer is not asked again for this long (requests do not hammer it).</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly Func<CancellationToken, Task<IssuedToken>> _request;
    private readonly TimeProvider _time;
    private readonly Action<string>? _warn;
    private readonly IDisposable? _owned;
    private readonly Lock _gate = new();
    private volatile CachedToken? _current;
    private Task<CachedToken>? _inFlight;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;
    private string? _lastError;

    /// <param name="request">Asks the issuer for a new token (<see cref="IssuerTokenClient.RequestAsync"/>).</param>
    /// <param name="warn">Told when a background refresh fails (the current token is still used).</param>
    /// <param name="owned">Disposed with this source: what <paramref name="request"/> holds on to.</param>
    public AccessTokenSource(Func<CancellationToken, Task<IssuedToken>> request, TimeProvider time, Action<string>? warn = null,
        IDisposable? owned = null)
    {
        _request = request;
        _time = time;
        _warn = warn;
        _owned = owned;
    }

    /// <summary>Tokens from an OIDC issuer, as <paramref name="settings"/> say.</summary>
    public static AccessTokenSource ForIssuer(TokenSettings settings, TimeProvider time, Action<string>? warn = null)
    {
        var client = new IssuerTokenClient(settings);
        return new AccessTokenSource(client.RequestAsync, time, warn, client);
    }

    /// <summary>The first token: a tool calls this before it starts, so a refused or unreachable issuer stops it.</summary>
    public async Task StartAsync(CancellationToken cancel) => await GetHeaderAsync(cancel);

    /// <summary>The Authorization header for a request now.</summary>
    /// <exception cref="AccessTokenException">There is no valid token and the issuer did not give one.</exception>
    public ValueTask<AuthenticationHeaderValue> GetHeaderAsync(CancellationToken cancel)
    {
        var current = _current;
        var now = _time.GetUtcNow();
        if (current is not null && now < current.RefreshAt)
        {
            return new ValueTask<AuthenticationHeaderValue>(current.Header);
        }

        if (current is not null && now < current.ExpiresAt)
        {
            RefreshInBackground(now);
            return new ValueTask<AuthenticationHeaderValue>(current.Header);
        }

        return new ValueTask<AuthenticationHeaderValue>(WaitForTokenAsync(now, cancel));
    }

    public void Dispose() => _owned?.Dispose();

    private void RefreshInBackground(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_inFlight is { IsCompleted: false } || now < _nextAttempt)
            {
                return;
            }

            _inFlight = FetchAsync();
            // Nobody awaits a background refresh: its failure is reported (FetchAsync) and observed here.
            _inFlight.ContinueWith(t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task<AuthenticationHeaderValue> WaitForTokenAsync(DateTimeOffset now, CancellationToken cancel)
    {
        Task<CachedToken> fetch;
        lock (_gate)
        {
            if (_inFlight is { IsCompleted: false } running)
            {
                fetch = running;
            }
            else if (now < _nextAttempt && _lastError is not null)
            {
                throw new AccessTokenException(_lastError);
            }
            else
            {
                fetch = _inFlight = FetchAsync();
            }
        }

        // The request is shared by every waiter, so one caller's cancellation only stops that caller's wait.
        return (await fetch.WaitAsync(cancel)).Header;
    }

    private async Task<CachedToken> FetchAsync()
    {
        // Measured from before the request: the token cannot expire later than the tool believes.
        var asked = _time.GetUtcNow();
        try
        {
            var issued = await _request(CancellationToken.None);
            var lifetime = issued.Lifetime > TimeSpan.Zero ? issued.Lifetime : UnstatedLifetime;
            var token = new CachedToken(new AuthenticationHeaderValue("Bearer", issued.AccessToken),
                asked + (lifetime * RefreshShare), asked + lifetime);
            _current = token;
            return token;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var message = e is AccessTokenException ? e.Message : $"getting a token failed: {e.GetBaseException().Message}";
            lock (_gate)
            {
                _lastError = message;
                _nextAttempt = _time.GetUtcNow() + RetryAfterFailure;
            }

            if (_current is { } still && _time.GetUtcNow() < still.ExpiresAt)
            {
                _warn?.Invoke($"token refresh failed, the current token is used until it expires: {message}");
            }

            throw new AccessTokenException(message);
        }
    }

    private sealed record CachedToken(AuthenticationHeaderValue Header, DateTimeOffset RefreshAt, DateTimeOffset ExpiresAt);
}
