using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bss.Abstractions.Common;
using Bss.Api.Security;
using Bss.Domain.Common;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Http;

/// <summary>
/// Idempotency-Key on POST: a repeat by the same caller with the same key and body is answered as the first request
/// was (replayed); the same key with another body is refused with 422. The resource id is derived from the key
/// before the work starts, so a request whose outcome was lost (a crash between the write and the answer) is retried
/// onto the same resource and applied once. Refusals (4xx) leave the key free. A create of one entity keeps the key's
/// record in that entity (<see cref="CreateAsync{TRequest}"/>); other commands keep it in the key's own grain
/// (<see cref="RunAsync{TRequest}"/>). Either way a key replays for <c>Bss:Idempotency:Retention</c> (24 h): after
/// that a repeat is a new request on the same resource.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 200;

    /// <summary>
    /// A create of one new entity in its own grain. Without a key: a fresh id. With a key: the id is derived from
    /// (caller, route, key), and <paramref name="create"/> gets the request's fingerprint for the entity grain, which
    /// keeps the key's record in its own state and writes it with the create's own write (one activation, one read,
    /// one write; no key grain). A repeat is answered by the entity grain (see <c>KeyedCreates.CreateOnceAsync</c>);
    /// <see cref="EntityHttp.Created{TView,TResponse}(HttpContext,Result{Created{TView}},string,Func{TView,TResponse},Func{TView,int})"/>
    /// marks a replay.
    /// </summary>
    public static async Task<IResult> CreateAsync<TRequest>(
        HttpContext http,
        TRequest request,
        Func<Guid, string?, Task<ApiResponse>> create)
    {
        var key = ReadKey(http, out var invalid);
        if (invalid is not null)
        {
            return invalid.ToResult();
        }

        if (key is null)
        {
            return (await create(Guid.NewGuid(), null)).ToResult();
        }

        var (keyId, fingerprint) = Identify(http, key, request);
        // From here a repeat of this request is applied once: SiloFailover may run it again if a silo dies under it.
        SiloFailover.MarkRepeatable(http);
        return (await create(IdempotencyKeys.ResourceIdFor(keyId), fingerprint)).ToResult();
    }

    /// <summary>
    /// Idempotency-Key on a POST that is not one new entity in its own grain (a command on an existing entity, a
    /// create that spans grains): the key's own grain remembers the request and its response.
    /// </summary>
    public static async Task<IResult> RunAsync<TRequest>(
        HttpContext http,
        IGrainFactory grains,
        TRequest request,
        Func<Guid, Task<ApiResponse>> create)
    {
        var key = ReadKey(http, out var invalid);
        if (invalid is not null)
        {
            return invalid.ToResult();
        }

        if (key is null)
        {
            return (await create(Guid.NewGuid())).ToResult();
        }

        var (keyId, fingerprint) = Identify(http, key, request);
        var grain = grains.GetGrain<IIdempotencyGrain>(keyId);
        // From here a repeat of this request is applied once: SiloFailover may run it again if a silo dies under it.
        SiloFailover.MarkRepeatable(http);
        var ticket = await grain.BeginAsync(fingerprint);

        switch (ticket.Outcome)
        {
            case IdempotencyOutcome.Mismatch:
                return ApiResponse.Problem(ApiProblem.From(http, KeyedCreate.KeyReused)).ToResult();
            case IdempotencyOutcome.Replay:
                http.Response.Headers[ReplayedHeader] = "true";
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

    /// <summary>The key (null without one), or the problem with a malformed one.</summary>
    private static string? ReadKey(HttpContext http, out ApiResponse? invalid)
    {
        invalid = null;
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        if (key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            invalid = ApiResponse.Problem(ApiProblem.Validation(http, Header, $"must be 1 to {MaxKeyLength} printable characters"));
        }

        return key;
    }

    /// <summary>
    /// The key's id and the request's fingerprint, both scoped to the caller (the token's subject) and the route: one
    /// user's key never replays another user's response.
    /// </summary>
    private static (Guid KeyId, string Fingerprint) Identify<TRequest>(HttpContext http, string key, TRequest request)
    {
        var caller = http.User.Subject() ?? "";
        var scope = $"{caller}\n{http.Request.Method} {http.Request.Path.Value?.ToLowerInvariant()}";
        return (KeyId(scope, key), Hash(scope + "\n" + JsonSerializer.Serialize(request, FingerprintJson)));
    }

    /// <summary>A stable Guid per (caller, route, key), so the key's grain (or entity) is found from any silo.</summary>
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
