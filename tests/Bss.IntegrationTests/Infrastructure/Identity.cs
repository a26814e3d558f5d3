using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Duende.IdentityModel.Client;

namespace Bss.IntegrationTests.Infrastructure;

/// <summary>
/// Access tokens from the real issuer dev/test starts (dev/Bss.Identity, the frontend's realm), obtained the way a
/// client does: the password grant of the confidential client, for one of the realm's users (password = user name).
/// Tokens are cached per user and fetched again well before they expire.
/// </summary>
public static class Identity
{
    public const string SuperAdmin = "superadmin";
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Operator = "operator";
    public const string Analyst = "analyst";
    public const string Viewer = "viewer";

    /// <summary>The realm's users, lowest role first; each holds the role of its name.</summary>
    public static readonly string[] Users = [Viewer, Analyst, Operator, Manager, Admin, SuperAdmin];

    private static readonly HttpClient Backchannel = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly ConcurrentDictionary<string, Lazy<Task<CachedToken>>> Cache = new();
    private static readonly SemaphoreSlim DiscoveryLock = new(1, 1);
    private static string? _tokenEndpoint;

    public static string Issuer => TestEnvironment.Required("BSS_OIDC_ISSUER");

    public static string ClientId => Environment.GetEnvironmentVariable("BSS_OIDC_CLIENT_ID") is { Length: > 0 } id ? id : "bss-backend";

    public static string ClientSecret => TestEnvironment.Required("BSS_OIDC_CLIENT_SECRET");

    /// <summary>The folder of the issuer's signing keys (PEM), for tests that forge tokens the API must refuse.</summary>
    public static string KeysDirectory => TestEnvironment.Required("BSS_OIDC_KEYS_DIR");

    /// <summary>A valid access token of <paramref name="user"/>.</summary>
    public static async Task<string> TokenAsync(string user)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entry = Cache.GetOrAdd(user, u => new Lazy<Task<CachedToken>>(() => FetchAsync(u)));
            var token = await entry.Value;
            if (token.FreshUntil > DateTimeOffset.UtcNow || attempt > 0)
            {
                return token.AccessToken;
            }

            Cache.TryRemove(new KeyValuePair<string, Lazy<Task<CachedToken>>>(user, entry));
        }
    }

    /// <summary>The token endpoint, read from the issuer's discovery document.</summary>
    public static async Task<string> TokenEndpointAsync()
    {
        if (_tokenEndpoint is { } known)
        {
            return known;
        }

        await DiscoveryLock.WaitAsync();
        try
        {
            if (_tokenEndpoint is null)
            {
                var discovery = await Backchannel.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
                {
                    Address = Issuer,
                    Policy = { RequireHttps = false },
                });
                if (discovery.IsError)
                {
                    throw new InvalidOperationException($"Discovery of {Issuer} failed: {discovery.Error}");
                }

                _tokenEndpoint = discovery.TokenEndpoint;
            }

            return _tokenEndpoint!;
        }
        finally
        {
            DiscoveryLock.Release();
        }
    }

    /// <summary>A password grant; answers the raw response so tests can look at refusals too.</summary>
    public static async Task<TokenResponse> RequestPasswordTokenAsync(string user, string password) =>
        await Backchannel.RequestPasswordTokenAsync(new PasswordTokenRequest
        {
            Address = await TokenEndpointAsync(),
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            UserName = user,
            Password = password,
        });

    private static async Task<CachedToken> FetchAsync(string user)
    {
        var response = await RequestPasswordTokenAsync(user, user);
        if (response.IsError || response.AccessToken is null)
        {
            throw new InvalidOperationException($"No token for {user} from {Issuer}: {response.Error} {response.ErrorDescription}");
        }

        // Fresh for 80 % of its lifetime, so a request never leaves with a token about to expire.
        var lifetime = TimeSpan.FromSeconds(Math.Max(response.ExpiresIn, 10));
        return new CachedToken(response.AccessToken, DateTimeOffset.UtcNow + lifetime * 0.8);
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset FreshUntil);

    /// <summary>Sends <paramref name="user"/>'s token with every request that carries no Authorization header of its own.</summary>
    public sealed class BearerHandler(string user) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A client of <paramref name="baseAddress"/> signed in as <paramref name="user"/>.</summary>
    public static HttpClient Client(Uri baseAddress, string user) =>
        new(new BearerHandler(user)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(45) };
}
