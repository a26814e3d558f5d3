namespace Bss.ClientAuth;

/// <summary>Puts the current access token on every request that passes through it.</summary>
internal sealed class BearerTokenHandler(AccessTokenSource tokens, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = await tokens.GetHeaderAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
