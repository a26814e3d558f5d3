using Bss.Abstractions.Customers;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Grains.Common;

namespace Bss.Grains.Tests;

/// <summary>
/// A create with an Idempotency-Key costs what one without costs: the entity grain's one read (its activation) and
/// one write, with the key's record inside that write. Counted at the storage (<see cref="FailingWrites"/>).
/// </summary>
[Collection(ClusterCollection.Name)]
public class KeyedCreateTests(ClusterFixture fixture)
{
    private static CustomerDetails Details(string email = "anna@example.com") =>
        new("Anna", "Kowalski", email, "44051401359", null, "+48600100200");

    private ICustomerGrain NewCustomer() => fixture.Grains.GetGrain<ICustomerGrain>(Guid.NewGuid());

    private static bool IsKeyGrain(GrainId grain) => grain.Type.ToString() == "idempotency";

    [Fact]
    public async Task CreateOnce_WithAKey_ReadsOnceAndWritesOnceInTheEntityOnly()
    {
        var customer = NewCustomer();
        var keyGrainsBefore = FailingWrites.Touched.Count(IsKeyGrain);

        var created = await customer.CreateOnceAsync(Details(), "fingerprint-a");

        Assert.True(created.IsSuccess);
        Assert.False(created.Value.Replayed);
        Assert.Equal(1, FailingWrites.Reads(customer.GetGrainId()));
        Assert.Equal(1, FailingWrites.Writes(customer.GetGrainId()));
        Assert.Equal(keyGrainsBefore, FailingWrites.Touched.Count(IsKeyGrain));
    }

    [Fact]
    public async Task CreateOnce_WithoutAKey_ReadsOnceAndWritesOnce()
    {
        var customer = NewCustomer();

        var created = await customer.CreateOnceAsync(Details(), requestFingerprint: null);

        Assert.False(created.Value!.Replayed);
        Assert.Equal((1, 1), (FailingWrites.Reads(customer.GetGrainId()), FailingWrites.Writes(customer.GetGrainId())));
    }

    [Fact]
    public async Task CreateOnce_RepeatedWithTheSameRequest_ReplaysWithoutAWrite()
    {
        var customer = NewCustomer();
        var first = await customer.CreateOnceAsync(Details(), "fingerprint-a");

        var repeat = await customer.CreateOnceAsync(Details(), "fingerprint-a");

        Assert.True(repeat.Value!.Replayed);
        Assert.Equal(first.Value!.View, repeat.Value.View);
        Assert.Equal(1, FailingWrites.Writes(customer.GetGrainId()));
    }

    [Fact]
    public async Task CreateOnce_RepeatAfterAnUpdate_AnswersTheEntityAsItStandsNow()
    {
        var customer = NewCustomer();
        await customer.CreateOnceAsync(Details(), "fingerprint-a");
        var updated = await customer.UpdateDetailsAsync(Details("anna.nowak@example.com"), 1);

        var repeat = await customer.CreateOnceAsync(Details(), "fingerprint-a");

        Assert.True(repeat.Value!.Replayed);
        Assert.Equal(updated.Value, repeat.Value.View);
        Assert.Equal(2, repeat.Value.View.Version);
    }

    [Fact]
    public async Task CreateOnce_SameKeyOtherRequest_IsRefusedAsKeyReused()
    {
        var customer = NewCustomer();
        await customer.CreateOnceAsync(Details(), "fingerprint-a");

        var other = await customer.CreateOnceAsync(Details("other@example.com"), "fingerprint-b");

        Assert.Equal(ErrorKind.IdempotencyKeyReused, other.Error?.Kind);
        Assert.Equal(1, FailingWrites.Writes(customer.GetGrainId()));
        Assert.Equal("anna@example.com", (await customer.GetAsync())!.Email);
    }

    [Fact]
    public async Task CreateOnce_RefusedByTheRules_WritesNothingAndLeavesTheKeyFree()
    {
        var customer = NewCustomer();
        var refused = await customer.CreateOnceAsync(Details("not-an-email"), "fingerprint-a");

        var corrected = await customer.CreateOnceAsync(Details(), "fingerprint-b");

        Assert.Equal(ErrorKind.Validation, refused.Error?.Kind);
        Assert.True(corrected.IsSuccess);
        Assert.False(corrected.Value.Replayed);
        Assert.Equal(1, FailingWrites.Writes(customer.GetGrainId()));
    }

    [Fact]
    public async Task CreateOnce_WriteFailed_RetryWithTheKeyCreatesOnce()
    {
        var customer = NewCustomer();
        FailingWrites.Next("customer");
        await Assert.ThrowsAnyAsync<Exception>(() => customer.CreateOnceAsync(Details(), "fingerprint-a"));

        var retry = await customer.CreateOnceAsync(Details(), "fingerprint-a");
        var repeat = await customer.CreateOnceAsync(Details(), "fingerprint-a");

        Assert.False(retry.Value!.Replayed);
        Assert.True(repeat.Value!.Replayed);
        Assert.Equal(1, FailingWrites.Writes(customer.GetGrainId()));
    }

    [Fact]
    public async Task CreateOnce_ConcurrentRepeats_CreateOneEntityWithOneWrite()
    {
        var customer = NewCustomer();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => customer.CreateOnceAsync(Details(), "fingerprint-a")));

        Assert.Single(answers, a => !a.Value!.Replayed);
        Assert.Single(answers.Select(a => a.Value!.View.Id).Distinct());
        Assert.Equal(1, FailingWrites.Writes(customer.GetGrainId()));
    }

    [Fact]
    public async Task CreateOnce_RepeatPastRetention_IsANewRequestOnTheSameEntity()
    {
        var customer = NewCustomer();
        await customer.CreateOnceAsync(Details(), "fingerprint-a");
        fixture.Time.Advance(new IdempotencyOptions().Retention);

        var same = await customer.CreateOnceAsync(Details(), "fingerprint-a");
        var other = await customer.CreateOnceAsync(Details("other@example.com"), "fingerprint-b");

        Assert.True(same.IsSuccess);
        Assert.False(same.Value.Replayed);
        Assert.Equal(ErrorKind.AlreadyExists, other.Error?.Kind);
        Assert.Equal(1, FailingWrites.Writes(customer.GetGrainId()));
    }
}
