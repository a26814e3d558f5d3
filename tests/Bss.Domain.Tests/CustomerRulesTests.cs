using Bss.Domain.Common;
using Bss.Domain.Customers;

namespace Bss.Domain.Tests;

public class CustomerRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("6f1c0d59-0a55-4c2b-8d1e-2b8a4d7c9e11");

    private static CustomerDetails Valid() => new("Jan", "Kowalski", "jan@example.com", "44051401359", "1234567890", "+48600100200");

    private static CustomerState Created(CustomerStatus status = CustomerStatus.Active)
    {
        var state = Customer.Create(new CustomerState(), Id, Valid(), Now).Value!;
        state.Status = status;
        return state;
    }

    [Fact]
    public void Create_ValidDetails_IsActiveAtVersionOne()
    {
        var result = Customer.Create(new CustomerState(), Id, Valid(), Now);

        Assert.True(result.IsSuccess);
        Assert.Equal(CustomerStatus.Active, result.Value.Status);
        Assert.Equal(1, result.Value.Version);
        Assert.Equal(Now, result.Value.CreatedAt);
        Assert.Equal(Id, result.Value.Id);
    }

    [Fact]
    public void Create_EmptyOptionalFields_CountAsAbsent()
    {
        var result = Customer.Create(new CustomerState(), Id, Valid() with { Pesel = "", Nip = " ", Phone = "" }, Now);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value.Pesel);
        Assert.Null(result.Value.Nip);
        Assert.Null(result.Value.Phone);
    }

    [Fact]
    public void Create_TrimsNamesAndLowercasesEmail()
    {
        var result = Customer.Create(new CustomerState(), Id, Valid() with { FirstName = "  Jan ", Email = "Jan@Example.COM" }, Now);

        Assert.Equal("Jan", result.Value!.FirstName);
        Assert.Equal("jan@example.com", result.Value.Email);
    }

    [Fact]
    public void Create_EveryFieldWrong_NamesEachField()
    {
        var bad = new CustomerDetails("J", new string('x', 51), "not-an-email", "44051401358", "123", "0048");

        var result = Customer.Create(new CustomerState(), Id, bad, Now);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal(
            ["email", "firstName", "lastName", "nip", "pesel", "phone"],
            result.Error.FieldErrors!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("has an invalid checksum", result.Error.FieldErrors["pesel"]);
    }

    [Fact]
    public void Create_MissingRequiredFields_SaysRequired()
    {
        var result = Customer.Create(new CustomerState(), Id, new CustomerDetails(null, "", null, null, null, null), Now);

        Assert.Equal(["is required"], result.Error!.FieldErrors!["firstName"]);
        Assert.Equal(["is required"], result.Error.FieldErrors["lastName"]);
        Assert.Equal(["is required"], result.Error.FieldErrors["email"]);
    }

    [Fact]
    public void Create_ExistingCustomer_IsRefused()
    {
        var result = Customer.Create(Created(), Id, Valid(), Now);

        Assert.Equal(ErrorKind.AlreadyExists, result.Error!.Kind);
    }

    [Fact]
    public void Update_CurrentVersion_ChangesDetailsAndBumpsVersion()
    {
        var later = Now.AddMinutes(5);

        var result = Customer.Update(Created(), Valid() with { LastName = "Nowak" }, expectedVersion: 1, later);

        Assert.Equal("Nowak", result.Value!.LastName);
        Assert.Equal(2, result.Value.Version);
        Assert.Equal(later, result.Value.UpdatedAt);
        Assert.Equal(Now, result.Value.CreatedAt);
    }

    [Fact]
    public void Update_StaleVersion_IsVersionConflict()
    {
        var result = Customer.Update(Created(), Valid(), expectedVersion: 7, Now);

        Assert.Equal(ErrorKind.VersionConflict, result.Error!.Kind);
        Assert.Contains("version 7", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_NeverCreated_IsNotFound()
    {
        var result = Customer.Update(new CustomerState { Id = Id }, Valid(), 1, Now);

        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
    }

    [Fact]
    public void Update_TerminatedCustomer_IsConflict()
    {
        var result = Customer.Update(Created(CustomerStatus.Terminated), Valid(), 1, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
    }

    [Theory]
    [InlineData(CustomerStatus.Active, CustomerStatus.Inactive)]
    [InlineData(CustomerStatus.Active, CustomerStatus.Suspended)]
    [InlineData(CustomerStatus.Active, CustomerStatus.Terminated)]
    [InlineData(CustomerStatus.Inactive, CustomerStatus.Active)]
    [InlineData(CustomerStatus.Inactive, CustomerStatus.Terminated)]
    [InlineData(CustomerStatus.Suspended, CustomerStatus.Active)]
    [InlineData(CustomerStatus.Suspended, CustomerStatus.Terminated)]
    public void ChangeStatus_AllowedTransition_Moves(CustomerStatus from, CustomerStatus to)
    {
        var result = Customer.ChangeStatus(Created(from), to, expectedVersion: null, Now);

        Assert.Equal(to, result.Value!.Status);
        Assert.Equal(2, result.Value.Version);
    }

    [Theory]
    [InlineData(CustomerStatus.Active, CustomerStatus.Active)]
    [InlineData(CustomerStatus.Inactive, CustomerStatus.Suspended)]
    [InlineData(CustomerStatus.Suspended, CustomerStatus.Inactive)]
    [InlineData(CustomerStatus.Terminated, CustomerStatus.Active)]
    [InlineData(CustomerStatus.Terminated, CustomerStatus.Inactive)]
    [InlineData(CustomerStatus.Terminated, CustomerStatus.Suspended)]
    public void ChangeStatus_ForbiddenTransition_IsInvalidTransition(CustomerStatus from, CustomerStatus to)
    {
        var result = Customer.ChangeStatus(Created(from), to, expectedVersion: null, Now);

        Assert.Equal(ErrorKind.InvalidTransition, result.Error!.Kind);
        Assert.Contains(EnumText.Code(from), result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeStatus_FromTerminated_SaysItIsFinal()
    {
        var result = Customer.ChangeStatus(Created(CustomerStatus.Terminated), CustomerStatus.Active, null, Now);

        Assert.Contains("TERMINATED is final", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_TombstoneKeepsNoPersonalData()
    {
        var tombstone = Customer.Delete(Created(), expectedVersion: 1, Now).Value!;

        Assert.Equal(("", "", ""), (tombstone.FirstName, tombstone.LastName, tombstone.Email));
        Assert.Equal((null, null, null), (tombstone.Pesel, tombstone.Nip, tombstone.Phone));
        Assert.Equal(Id, tombstone.Id);
    }

    [Fact]
    public void Delete_LeavesTombstoneThatNoLongerExists()
    {
        var result = Customer.Delete(Created(), expectedVersion: 1, Now);

        Assert.True(result.Value!.IsDeleted);
        Assert.False(result.Value.Exists);
        Assert.Equal(ErrorKind.NotFound, Customer.Delete(result.Value, null, Now).Error!.Kind);
    }
}
