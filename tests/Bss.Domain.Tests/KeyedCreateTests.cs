using Bss.Domain.Common;
using Bss.Domain.Customers;

namespace Bss.Domain.Tests;

public class KeyedCreateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private static CustomerState CreatedWith(string fingerprint, DateTimeOffset at) =>
        new() { Id = Guid.NewGuid(), Version = 1, CreatedWith = new CreateKey { Fingerprint = fingerprint, At = at } };

    [Fact]
    public void Decide_NothingCreatedYet_Proceeds() =>
        Assert.Equal(KeyedCreateOutcome.Proceed, KeyedCreate.Decide(new CustomerState(), "a", Now, Retention));

    [Fact]
    public void Decide_SameFingerprintWithinRetention_Replays() =>
        Assert.Equal(KeyedCreateOutcome.Replay, KeyedCreate.Decide(CreatedWith("a", Now), "a", Now + Retention - TimeSpan.FromSeconds(1), Retention));

    [Fact]
    public void Decide_OtherFingerprintWithinRetention_IsMismatch() =>
        Assert.Equal(KeyedCreateOutcome.Mismatch, KeyedCreate.Decide(CreatedWith("a", Now), "b", Now, Retention));

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    public void Decide_PastRetention_ProceedsToTheCreateRules(string fingerprint) =>
        Assert.Equal(KeyedCreateOutcome.Proceed, KeyedCreate.Decide(CreatedWith("a", Now), fingerprint, Now + Retention, Retention));

    [Fact]
    public void Decide_EntityCreatedWithoutAKey_ProceedsToTheCreateRules() =>
        Assert.Equal(KeyedCreateOutcome.Proceed, KeyedCreate.Decide(new CustomerState { Version = 1 }, "a", Now, Retention));

    [Fact]
    public void Decide_EntityDeletedSince_ProceedsToTheCreateRules()
    {
        var deleted = CreatedWith("a", Now);
        deleted.IsDeleted = true;

        Assert.Equal(KeyedCreateOutcome.Proceed, KeyedCreate.Decide(deleted, "a", Now, Retention));
    }

    [Fact]
    public void FirstVersion_OfAStateCarryingAKey_KeepsTheKey()
    {
        var unwritten = new CustomerState { CreatedWith = new CreateKey { Fingerprint = "a", At = Now } };

        var first = unwritten.FirstVersion<CustomerState>(Guid.NewGuid(), Now);

        Assert.Equal("a", first.CreatedWith?.Fingerprint);
        Assert.Equal("a", first.NextVersion<CustomerState>(Now).CreatedWith?.Fingerprint);
    }
}
