using Bss.Abstractions.Common;
using Bss.Grains.Common;

namespace Bss.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class IdempotencyGrainTests(ClusterFixture fixture)
{
    private IIdempotencyGrain NewKey() => fixture.Grains.GetGrain<IIdempotencyGrain>(Guid.NewGuid());

    [Fact]
    public async Task Begin_FirstUse_ProceedsWithAFreshResourceId()
    {
        var ticket = await NewKey().BeginAsync("fingerprint-a");

        Assert.Equal(IdempotencyOutcome.Proceed, ticket.Outcome);
        Assert.NotEqual(Guid.Empty, ticket.ResourceId);
    }

    [Fact]
    public async Task Begin_RetryBeforeCompletion_ProceedsOnTheSameResource()
    {
        var key = NewKey();
        var first = await key.BeginAsync("fingerprint-a");

        var retry = await key.BeginAsync("fingerprint-a");

        Assert.Equal(IdempotencyOutcome.Proceed, retry.Outcome);
        Assert.Equal(first.ResourceId, retry.ResourceId);
    }

    [Fact]
    public async Task Begin_AfterCompletion_ReplaysTheStoredResponse()
    {
        var key = NewKey();
        var first = await key.BeginAsync("fingerprint-a");
        var response = new StoredResponse(201, "{\"id\":1}", "/api/v1/customers/1", "\"1\"");
        await key.CompleteAsync("fingerprint-a", response);

        var replay = await key.BeginAsync("fingerprint-a");

        Assert.Equal(IdempotencyOutcome.Replay, replay.Outcome);
        Assert.Equal(response, replay.Response);
        Assert.Equal(first.ResourceId, replay.ResourceId);
    }

    [Fact]
    public async Task Begin_DifferentRequest_IsMismatch()
    {
        var key = NewKey();
        await key.BeginAsync("fingerprint-a");

        var other = await key.BeginAsync("fingerprint-b");

        Assert.Equal(IdempotencyOutcome.Mismatch, other.Outcome);
    }

    [Fact]
    public async Task Complete_Twice_KeepsTheFirstResponse()
    {
        var key = NewKey();
        await key.BeginAsync("fingerprint-a");
        await key.CompleteAsync("fingerprint-a", new StoredResponse(201, "first", null, null));

        await key.CompleteAsync("fingerprint-a", new StoredResponse(201, "second", null, null));

        Assert.Equal("first", (await key.BeginAsync("fingerprint-a")).Response!.Body);
    }

    [Fact]
    public async Task Begin_ResourceId_IsDerivedFromTheKey_SoARetryAfterACrashTargetsTheSameResource()
    {
        var keyId = Guid.NewGuid();

        var ticket = await fixture.Grains.GetGrain<IIdempotencyGrain>(keyId).BeginAsync("fingerprint-a");

        Assert.Equal(IdempotencyKeys.ResourceIdFor(keyId), ticket.ResourceId);
        Assert.NotEqual(IdempotencyKeys.ResourceIdFor(Guid.NewGuid()), ticket.ResourceId);
    }

    [Fact]
    public async Task Complete_WithoutABeginInThisActivation_StillStoresTheFingerprint()
    {
        var key = NewKey();
        await key.CompleteAsync("fingerprint-a", new StoredResponse(201, "body", null, null));

        Assert.Equal(IdempotencyOutcome.Replay, (await key.BeginAsync("fingerprint-a")).Outcome);
        Assert.Equal(IdempotencyOutcome.Mismatch, (await key.BeginAsync("fingerprint-b")).Outcome);
    }

    [Fact]
    public async Task Begin_AfterCompletion_DifferentRequest_IsMismatch()
    {
        var key = NewKey();
        await key.BeginAsync("fingerprint-a");
        await key.CompleteAsync("fingerprint-a", new StoredResponse(201, "body", null, null));

        Assert.Equal(IdempotencyOutcome.Mismatch, (await key.BeginAsync("fingerprint-b")).Outcome);
    }

    [Fact]
    public async Task Begin_AfterTheRetention_IsANewRequestOnTheSameResource()
    {
        var keyId = Guid.NewGuid();
        var key = fixture.Grains.GetGrain<IIdempotencyGrain>(keyId);
        await key.BeginAsync("fingerprint-a");
        await key.CompleteAsync("fingerprint-a", new StoredResponse(201, "{\"pesel\":\"44051401359\"}", null, null));
        fixture.Time.Advance(new IdempotencyOptions().Retention);

        var other = await key.BeginAsync("fingerprint-b");

        Assert.Equal(IdempotencyOutcome.Proceed, other.Outcome);
        Assert.Null(other.Response);
        Assert.Equal(IdempotencyKeys.ResourceIdFor(keyId), other.ResourceId);
    }

    [Fact]
    public async Task Begin_JustBeforeTheRetention_StillReplays()
    {
        var key = NewKey();
        await key.BeginAsync("fingerprint-a");
        await key.CompleteAsync("fingerprint-a", new StoredResponse(201, "body", null, null));
        fixture.Time.Advance(new IdempotencyOptions().Retention - TimeSpan.FromSeconds(1));

        Assert.Equal(IdempotencyOutcome.Replay, (await key.BeginAsync("fingerprint-a")).Outcome);
    }

    [Fact]
    public async Task Abandon_ARefusedRequest_FreesTheKeyForACorrectedOne()
    {
        var key = NewKey();
        var first = await key.BeginAsync("fingerprint-invalid");
        await key.AbandonAsync("fingerprint-invalid");

        var corrected = await key.BeginAsync("fingerprint-valid");

        Assert.Equal(IdempotencyOutcome.Proceed, corrected.Outcome);
        Assert.Equal(first.ResourceId, corrected.ResourceId);
    }

    [Fact]
    public async Task Abandon_AfterCompletion_KeepsTheStoredResponse()
    {
        var key = NewKey();
        await key.BeginAsync("fingerprint-a");
        await key.CompleteAsync("fingerprint-a", new StoredResponse(201, "body", null, null));

        await key.AbandonAsync("fingerprint-a");

        Assert.Equal(IdempotencyOutcome.Replay, (await key.BeginAsync("fingerprint-a")).Outcome);
    }
}
