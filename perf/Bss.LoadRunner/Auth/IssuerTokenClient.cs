using Duende.IdentityModel.Client;

namespace Bss.ClientAuth;

/// <summary>
/// Asks the issuer for access tokens the way any OAuth client does: the token endpoint from the discovery document,
/// then the client credentials or the password grant. Duende.IdentityModel speaks the protocol; this class only
/// turns its answers into tokens or one-line errors.
/// </summary>
internal sealed class IssuerTokenClient(TokenSettings settings, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler(), disposeHandler: true)
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private string? _tokenEndpoint;

    /// <summary>
    /// What the discovery document must satisfy: the issuer it names is the one configured, and its endpoints live
    /// under it. Plain HTTP only for an issuer on this machine (dev/run and dev/test run it on 127.0.0.1).
    /// </summary>
    public static DiscoveryPolicy PolicyFor(Uri issuer) => new()
    {
        RequireHttps = !issuer.IsLoopback,
        ValidateIssuerName = true,
    };

    /// <exception cref="AccessTokenException">The issuer is unreachable, or refused the credentials.</exception>
    public async Task<IssuedToken> RequestAsync(CancellationToken cancel)
    {
        var endpoint = _tokenEndpoint ??= await DiscoverTokenEndpointAsync(cancel);
        using var response = settings.UsesPasswordGrant
            ? await _http.RequestPasswordTokenAsync(new PasswordTokenRequest
            {
                Address = endpoint,
                ClientId = settings.ClientId,
                ClientSecret = settings.ClientSecret,
                UserName = settings.Username!,
                Password = settings.Password,
            }, cancel)
            : await _http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
            {
                Address = endpoint,
                ClientId = settings.ClientId,
                ClientSecret = settings.ClientSecret,
            }, cancel);

        if (response.IsError || string.IsNullOrEmpty(response.AccessToken))
        {
            var grant = settings.UsesPasswordGrant ? $"a token for user '{settings.Username}'" : "a client credentials token";
            // An OAuth error in the body is a refusal, whatever the status (Keycloak answers invalid_client with 401).
            var oauthError = response.TryGet("error");
            var why = oauthError is not null || response.ErrorType == ResponseErrorType.Protocol
                ? $"refused {grant} to client '{settings.ClientId}': {oauthError ?? response.Error}{Suffix(response.ErrorDescription)}"
                : $"could not be asked for {grant}: {response.Error ?? "no access_token in the answer"}";
            throw new AccessTokenException(OneLine($"the issuer {settings.Issuer} {why}"));
        }

        return new IssuedToken(response.AccessToken, TimeSpan.FromSeconds(response.ExpiresIn));
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> DiscoverTokenEndpointAsync(CancellationToken cancel)
    {
        var issuer = settings.Issuer.ToString().TrimEnd('/');
        using var discovery = await _http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = issuer,
            Policy = PolicyFor(settings.Issuer),
        }, cancel);
        if (discovery.IsError || discovery.TokenEndpoint is null)
        {
            var why = discovery.ErrorType == ResponseErrorType.Exception ? "is unreachable" : "has no usable discovery document";
            throw new AccessTokenException(OneLine($"the issuer {issuer} {why}: {discovery.Error ?? "no token_endpoint"}"));
        }

        return discovery.TokenEndpoint;
    }

    private static string Suffix(string? description) => string.IsNullOrEmpty(description) ? "" : $" ({description})";

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
