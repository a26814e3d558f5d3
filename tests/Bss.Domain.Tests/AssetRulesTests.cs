using Bss.Domain.Assets;
using Bss.Domain.Common;
using Bss.Domain.Customers;

namespace Bss.Domain.Tests;

public class AssetRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0c3f6b1e-8f43-4a8e-9b7e-2d1f5a6c7b80");
    private static readonly Assignee Anna = new(Guid.Parse("5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d"), "Anna", "Nowak", CustomerStatus.Active);

    private static AssetDetails Valid() => new("TAG-001", "router", "Home router", "Wi-Fi 6", "SN-1", "AX3000", "Acme",
        new DateOnly(2026, 1, 10), new DateOnly(2028, 1, 10), "Warehouse A", "CC-10", null);

    private static AssetState Created(AssetStatus status = AssetStatus.Available)
    {
        var state = Asset.Create(new AssetState(), Id, Valid(), Now).Value!;
        state.Status = status;
        return state;
    }

    private static AssetState Assigned() => Asset.Assign(Created(), Anna.Id, null, Anna, Now).Value!;

    [Fact]
    public void Create_ValidDetails_IsAvailableWithTypeCodeAndNoHolder()
    {
        var result = Asset.Create(new AssetState(), Id, Valid(), Now);

        Assert.Equal(AssetStatus.Available, result.Value!.Status);
        Assert.Equal(AssetType.Router, result.Value.AssetType);
        Assert.Equal(1, result.Value.Version);
        Assert.Null(result.Value.AssignedToId);
        Assert.Null(result.Value.CustomerId);
    }

    [Fact]
    public void Create_EveryFieldWrong_NamesEachField()
    {
        var bad = new AssetDetails("", "TOASTER", new string('n', 101), new string('d', 501), new string('s', 101),
            new string('m', 101), new string('f', 101), new DateOnly(2026, 5, 1), new DateOnly(2026, 4, 30),
            new string('l', 201), new string('c', 51), new string('x', 1001));

        var result = Asset.Create(new AssetState(), Id, bad, Now);

        Assert.Equal(
            ["assetTag", "assetType", "costCenter", "description", "location", "manufacturer", "modelNumber", "name", "notes",
                "serialNumber", "warrantyExpiry"],
            result.Error!.FieldErrors!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("ROUTER", result.Error.FieldErrors["assetType"].Single(), StringComparison.Ordinal);
        Assert.Equal(["must not be before purchaseDate"], result.Error.FieldErrors["warrantyExpiry"]);
    }

    [Fact]
    public void Normalize_TypeInAnyCaseAndBlankOptionals_BecomeCodeAndAbsent()
    {
        var normalized = Asset.Normalize(Valid() with { AssetType = " set_top_box ", Description = " ", SerialNumber = "" });

        Assert.Equal("SET_TOP_BOX", normalized.AssetType);
        Assert.Null(normalized.Description);
        Assert.Null(normalized.SerialNumber);
    }

    [Fact]
    public void Update_RetiredAsset_IsConflict()
    {
        var result = Asset.Update(Created(AssetStatus.Retired), Valid(), 1, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
    }

    [Fact]
    public void Update_StaleVersion_IsVersionConflict()
    {
        Assert.Equal(ErrorKind.VersionConflict, Asset.Update(Created(), Valid(), 4, Now).Error!.Kind);
    }

    [Fact]
    public void Update_KeepsStatusAndHolder()
    {
        var result = Asset.Update(Assigned(), Valid() with { Name = "Renamed" }, 2, Now);

        Assert.Equal("Renamed", result.Value!.Name);
        Assert.Equal(AssetStatus.InUse, result.Value.Status);
        Assert.Equal(Anna.Id, result.Value.AssignedToId);
    }

    [Theory]
    [InlineData(AssetStatus.Available)]
    [InlineData(AssetStatus.Returned)]
    public void Assign_FreeAssetToActiveCustomer_IsInUseWithHolder(AssetStatus from)
    {
        var later = Now.AddDays(1);

        var result = Asset.Assign(Created(from), Anna.Id, " Customer premises ", Anna, later);

        var assigned = result.Value!;
        Assert.Equal(AssetStatus.InUse, assigned.Status);
        Assert.Equal(AssigneeType.Customer, assigned.AssignedToType);
        Assert.Equal(Anna.Id, assigned.AssignedToId);
        Assert.Equal(Anna.Id, assigned.CustomerId);
        Assert.Equal("Anna Nowak", assigned.AssignedToName);
        Assert.Equal(new DateOnly(2026, 11, 28), assigned.AssignedDate);
        Assert.Equal("Customer premises", assigned.Location);
        Assert.Equal(2, assigned.Version);
    }

    [Fact]
    public void Assign_WithoutLocation_KeepsTheDevicesLocation()
    {
        Assert.Equal("Warehouse A", Asset.Assign(Created(), Anna.Id, "", Anna, Now).Value!.Location);
    }

    [Fact]
    public void Assign_AlreadyAssigned_IsConflictNamingTheHolder()
    {
        var other = Anna with { Id = Guid.NewGuid() };

        var result = Asset.Assign(Assigned(), other.Id, null, other, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Contains(Anna.Id.ToString(), result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AssetStatus.Reserved)]
    [InlineData(AssetStatus.Maintenance)]
    [InlineData(AssetStatus.Damaged)]
    [InlineData(AssetStatus.Retired)]
    [InlineData(AssetStatus.Lost)]
    public void Assign_AssetNotFree_IsInvalidTransition(AssetStatus from)
    {
        Assert.Equal(ErrorKind.InvalidTransition, Asset.Assign(Created(from), Anna.Id, null, Anna, Now).Error!.Kind);
    }

    [Fact]
    public void Assign_UnknownCustomer_IsNotFoundNamingTheCustomer()
    {
        var customerId = Guid.NewGuid();

        var result = Asset.Assign(Created(), customerId, null, customer: null, Now);

        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
        Assert.Contains($"Customer {customerId}", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CustomerStatus.Inactive)]
    [InlineData(CustomerStatus.Suspended)]
    [InlineData(CustomerStatus.Terminated)]
    public void Assign_CustomerNotActive_IsConflict(CustomerStatus status)
    {
        var result = Asset.Assign(Created(), Anna.Id, null, Anna with { Status = status }, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Equal(["must be an ACTIVE customer"], result.Error.FieldErrors!["customerId"]);
    }

    [Fact]
    public void Assign_OverlongLocation_IsValidation()
    {
        var result = Asset.Assign(Created(), Anna.Id, new string('l', 201), Anna, Now);

        Assert.Equal(["location"], result.Error!.FieldErrors!.Keys);
    }

    [Fact]
    public void Assign_NeverCreated_IsNotFound()
    {
        Assert.Equal(ErrorKind.NotFound, Asset.Assign(new AssetState { Id = Id }, Anna.Id, null, Anna, Now).Error!.Kind);
    }

    [Fact]
    public void Release_AssignedAsset_IsAvailableWithoutHolder()
    {
        var result = Asset.Release(Assigned(), expectedVersion: 2, Now);

        Assert.Equal(AssetStatus.Available, result.Value!.Status);
        Assert.Null(result.Value.AssignedToType);
        Assert.Null(result.Value.AssignedToId);
        Assert.Null(result.Value.AssignedToName);
        Assert.Null(result.Value.AssignedDate);
        Assert.Equal(3, result.Value.Version);
    }

    [Fact]
    public void Release_NotAssigned_IsInvalidTransition()
    {
        Assert.Equal(ErrorKind.InvalidTransition, Asset.Release(Created(), null, Now).Error!.Kind);
    }

    [Fact]
    public void Release_StaleVersion_IsVersionConflict()
    {
        Assert.Equal(ErrorKind.VersionConflict, Asset.Release(Assigned(), 1, Now).Error!.Kind);
    }

    [Theory]
    [InlineData(AssetStatus.Available, AssetStatus.Reserved)]
    [InlineData(AssetStatus.Available, AssetStatus.Retired)]
    [InlineData(AssetStatus.Reserved, AssetStatus.Available)]
    [InlineData(AssetStatus.Maintenance, AssetStatus.Available)]
    [InlineData(AssetStatus.Damaged, AssetStatus.Maintenance)]
    [InlineData(AssetStatus.Lost, AssetStatus.Available)]
    [InlineData(AssetStatus.Stolen, AssetStatus.Retired)]
    [InlineData(AssetStatus.Returned, AssetStatus.Available)]
    public void ChangeStatus_AllowedTransition_Moves(AssetStatus from, AssetStatus to)
    {
        Assert.Equal(to, Asset.ChangeStatus(Created(from), to, null, Now).Value!.Status);
    }

    [Theory]
    [InlineData(AssetStatus.Retired, AssetStatus.Available)]
    [InlineData(AssetStatus.Damaged, AssetStatus.Available)]
    [InlineData(AssetStatus.Maintenance, AssetStatus.Reserved)]
    [InlineData(AssetStatus.Available, AssetStatus.Returned)]
    [InlineData(AssetStatus.Available, AssetStatus.Available)]
    public void ChangeStatus_ForbiddenTransition_IsInvalidTransition(AssetStatus from, AssetStatus to)
    {
        Assert.Equal(ErrorKind.InvalidTransition, Asset.ChangeStatus(Created(from), to, null, Now).Error!.Kind);
    }

    [Fact]
    public void ChangeStatus_ToInUseWithoutAssigning_IsInvalidTransitionPointingAtAssign()
    {
        var result = Asset.ChangeStatus(Created(), AssetStatus.InUse, null, Now);

        Assert.Equal(ErrorKind.InvalidTransition, result.Error!.Kind);
        Assert.Contains("assign", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AssetStatus.Returned)]
    [InlineData(AssetStatus.Lost)]
    [InlineData(AssetStatus.Stolen)]
    [InlineData(AssetStatus.Available)]
    public void ChangeStatus_OutOfInUse_EndsTheAssignment(AssetStatus to)
    {
        var result = Asset.ChangeStatus(Assigned(), to, null, Now);

        Assert.Equal(to, result.Value!.Status);
        Assert.Null(result.Value.AssignedToId);
        Assert.Null(result.Value.CustomerId);
    }

    [Fact]
    public void ChangeStatus_FromRetired_SaysItIsFinal()
    {
        var result = Asset.ChangeStatus(Created(AssetStatus.Retired), AssetStatus.Available, null, Now);

        Assert.Contains("RETIRED is final", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnumCodes_MatchTheContract()
    {
        Assert.Equal("SET_TOP_BOX", EnumText.Code(AssetType.SetTopBox));
        Assert.Equal("FIBER_OPTIC_CABLE", EnumText.Code(AssetType.FiberOpticCable));
        Assert.Equal("DVR", EnumText.Code(AssetType.Dvr));
        Assert.Equal("ACCESS_POINT", EnumText.Code(AssetType.AccessPoint));
        Assert.Equal("IN_USE", EnumText.Code(AssetStatus.InUse));
        Assert.Equal("CUSTOMER", EnumText.Code(AssigneeType.Customer));
    }
}
