using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bss.Abstractions.Common;
using Bss.Api.Security;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Http;

/// <summary>
/// Idempotency-Key on POST: the first request's response is stored and replayed for repeats by the same caller with
/// the same key and body; the same key with another body is refused with 422. The resource id is chosen by the key's grain before
/// the work starts, so a request whose outcome was lost (a crash between the write and the answer) is retried onto
/// the same resource and applied once. Refusals (4xx) are not stored, and a stored response is kept for
/// <c>Bss:Idempotency:Retention</c> (24 h): after that a repeat is a new request.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private const int MaxKeyLength = 200;

    public static async Task<IResult> RunAsync<TRequest>(
        HttpContext http,
        IGrainFactory grains,
        TRequest request,
        Func<Guid, Task<ApiResponse>> create)
    {
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return (await create(Guid.NewGuid())).ToResult();
        }

        if (key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, Header,
                $"must be 1 to {MaxKeyLength} printable characters")).ToResult();
        }

        // Scoped to the caller (the token's subject): one user's key never replays another user's response.
        var caller = http.User.Subject() ?? "";
        var scope = $"{caller}\n{http.Request.Method} {http.Request.Path.Value?.ToLowerInvariant()}";
        var fingerprint = Hash(scope + "\n" + JsonSerializer.Serialize(request, FingerprintJson));
        var grain = grains.GetGrain<IIdempotencyGrain>(KeyId(scope, key));
        // From here a repeat of this request is applied once: SiloFailover may run it again if a silo dies under it.
        SiloFailover.MarkRepeatable(http);
        var ticket = await grain.BeginAsync(fingerprint);

        switch (ticket.Outcome)
        {
            case IdempotencyOutcome.Mismatch:
                return ApiResponse.Problem(ApiProblem.Create(http, StatusCodes.Status422UnprocessableEntity,
                    "IDEMPOTENCY_KEY_REUSED", "Idempotency key reused",
                    $"The Idempotency-Key '{key}' was already used with a different request body.")).ToResult();
            case IdempotencyOutcome.Replay:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                var stored = ticket.Response!;
                return new ApiResponse(stored.StatusCode, stored.Body,
                    stored.StatusCode >= 400 ? ApiResponse.ProblemJson : ApiResponse.Json, stored.Location, stored.ETag).ToResult();
        }

        var response = await create(ticket.ResourceId);
        if (response.Status < 400)
        {
            await grain.CompleteAsync(fingerprint, new StoredResponse(response.Status, response.Body, response.Location, response.ETag));
        }
        else if (response.Status < 500)
        {
            // A refusal changed nothing: not stored (kept, it would answer a corrected retry with the old refusal), and
            // the key is free for a corrected request. An unknown outcome (5xx) keeps the key bound to this request.
            await grain.AbandonAsync(fingerprint);
        }

        return response.ToResult();
    }

    /// <summary>A stable Guid per (caller, route, key), so the key's grain is found from any silo.</summary>
    private static Guid KeyId(string scope, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key), hash);
        return new Guid(hash[..16]);
    }

    /// <summary>
    /// The request as the fingerprint sees it: absent fields left out, so a field the API learns later (absent from
    /// an older client's body) does not turn that client's retry into a "different request".
    /// </summary>
    private static readonly JsonSerializerOptions FingerprintJson = new(ApiJson.Options)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
