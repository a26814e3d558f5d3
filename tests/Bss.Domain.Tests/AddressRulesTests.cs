using System.Text.Json;
using Bss.Domain.Addresses;
using Bss.Domain.Common;

namespace Bss.Domain.Tests;

public class AddressRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0b6d4a3e-6a51-4f0e-9c1e-6f0a2d9b7c21");
    private static readonly Guid CustomerId = Guid.Parse("a3c9e0f1-52d4-4b8e-8f6a-1d2c3b4a5e6f");
    private const string CustomerName = "Jan Kowalski";

    private static AddressDetails Valid() => new(
        CustomerId, AddressType.Billing, "Marszałkowska", "10", "5", "00-950", "Warszawa", "mazowieckie", Country.PL,
        52.2297m, 21.0122m, IsPrimary: true);

    private static AddressState Created(AddressStatus status = AddressStatus.Pending)
    {
        var state = Address.Create(new AddressState(), Id, Valid(), CustomerName, Now).Value!;
        state.Status = status;
        return state;
    }

    [Fact]
    public void Create_ValidDetails_IsPendingAtVersionOneWithCustomerName()
    {
        var result = Address.Create(new AddressState(), Id, Valid(), CustomerName, Now);

        Assert.True(result.IsSuccess);
        Assert.Equal(AddressStatus.Pending, result.Value.Status);
        Assert.Equal(1, result.Value.Version);
        Assert.Equal(Id, result.Value.Id);
        Assert.Equal(CustomerId, result.Value.CustomerId);
        Assert.Equal(CustomerName, result.Value.CustomerName);
        Assert.True(result.Value.IsPrimary);
        Assert.Equal(52.2297m, result.Value.Latitude);
    }

    [Fact]
    public void Create_EmptyOptionalFields_CountAsAbsent()
    {
        var details = Valid() with { ApartmentNumber = "", Region = "  ", Latitude = null, Longitude = null };

        var result = Address.Create(new AddressState(), Id, details, CustomerName, Now);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value.ApartmentNumber);
        Assert.Null(result.Value.Region);
        Assert.Null(result.Value.Latitude);
    }

    [Fact]
    public void Create_TrimsText()
    {
        var result = Address.Create(new AddressState(), Id, Valid() with { Street = "  Długa ", PostalCode = " 80-831 " }, CustomerName, Now);

        Assert.Equal("Długa", result.Value!.Street);
        Assert.Equal("80-831", result.Value.PostalCode);
    }

    [Fact]
    public void Create_EveryFieldWrong_NamesEachField()
    {
        var bad = new AddressDetails(CustomerId, AddressType.Service, new string('s', 101), new string('1', 21), new string('2', 21),
            "00950", new string('c', 101), new string('r', 101), Country.DE, 90.5m, -180.01m, false);

        var result = Address.Create(new AddressState(), Id, bad, CustomerName, Now);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal(
            ["apartmentNumber", "city", "houseNumber", "latitude", "longitude", "postalCode", "region", "street"],
            result.Error.FieldErrors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["must be between -90 and 90"], result.Error.FieldErrors["latitude"]);
        Assert.Equal(["must be between -180 and 180"], result.Error.FieldErrors["longitude"]);
    }

    [Fact]
    public void Create_MissingRequiredFields_SaysRequired()
    {
        var empty = new AddressDetails(null, null, "", null, null, null, " ", null, null, null, null, false);

        var result = Address.Create(new AddressState(), Id, empty, customerName: null, Now);

        foreach (var field in new[] { "customerId", "type", "street", "houseNumber", "postalCode", "city", "country" })
        {
            Assert.Equal(["is required"], result.Error!.FieldErrors![field]);
        }
    }

    [Theory]
    [InlineData("00-950", true)]
    [InlineData("99-999", true)]
    [InlineData("00950", false)]
    [InlineData("0-0950", false)]
    [InlineData("SW1A 1AA", false)]
    [InlineData("٠٠-٩٥٠", false)]
    public void PostalCode_IsNNDashNNNForEveryCountry(string code, bool valid) =>
        Assert.Equal(valid, Address.PostalCode(code) is null);

    [Fact]
    public void Create_UnknownCustomer_NamesCustomerId()
    {
        var result = Address.Create(new AddressState(), Id, Valid(), customerName: null, Now);

        Assert.Equal(["refers to no existing customer"], result.Error!.FieldErrors!["customerId"]);
    }

    [Fact]
    public void Create_LatitudeWithoutLongitude_NamesLongitude()
    {
        var result = Address.Create(new AddressState(), Id, Valid() with { Longitude = null }, CustomerName, Now);

        Assert.Equal(["is required when latitude is given"], result.Error!.FieldErrors!["longitude"]);
        Assert.False(result.Error.FieldErrors.ContainsKey("latitude"));
    }

    [Theory]
    [InlineData(-90, -180)]
    [InlineData(90, 180)]
    [InlineData(0, 0)]
    public void Create_CoordinatesOnTheBounds_AreAccepted(int latitude, int longitude) =>
        Assert.True(Address.Create(new AddressState(), Id, Valid() with { Latitude = latitude, Longitude = longitude }, CustomerName, Now).IsSuccess);

    [Fact]
    public void Create_ExistingAddress_IsRefused() =>
        Assert.Equal(ErrorKind.AlreadyExists, Address.Create(Created(), Id, Valid(), CustomerName, Now).Error!.Kind);

    [Fact]
    public void HasDetails_SameDetailsUntrimmed_IsTrue() =>
        Assert.True(Address.HasDetails(Created(), Address.Normalize(Valid() with { City = " Warszawa " })));

    [Fact]
    public void HasDetails_OtherDetails_IsFalse() =>
        Assert.False(Address.HasDetails(Created(), Address.Normalize(Valid() with { IsPrimary = false })));

    [Fact]
    public void Update_CurrentVersion_ChangesDetailsRefreshesNameAndBumpsVersion()
    {
        var later = Now.AddMinutes(5);

        var result = Address.Update(Created(), Valid() with { City = "Kraków", Type = AddressType.Shipping }, "Jan Nowak", 1, later);

        Assert.Equal("Kraków", result.Value!.City);
        Assert.Equal(AddressType.Shipping, result.Value.Type);
        Assert.Equal("Jan Nowak", result.Value.CustomerName);
        Assert.Equal(2, result.Value.Version);
        Assert.Equal(later, result.Value.UpdatedAt);
        Assert.Equal(Now, result.Value.CreatedAt);
    }

    [Fact]
    public void Update_CustomerGone_KeepsTheNameItHad()
    {
        var result = Address.Update(Created(), Valid(), customerName: null, 1, Now);

        Assert.Equal(CustomerName, result.Value!.CustomerName);
    }

    [Fact]
    public void Update_WithoutCustomerId_KeepsTheCustomer()
    {
        var result = Address.Update(Created(), Valid() with { CustomerId = null }, CustomerName, 1, Now);

        Assert.Equal(CustomerId, result.Value!.CustomerId);
    }

    [Fact]
    public void Update_OtherCustomerId_IsRefusedNamingCustomerId()
    {
        var result = Address.Update(Created(), Valid() with { CustomerId = Guid.NewGuid() }, CustomerName, 1, Now);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Single(result.Error.FieldErrors!["customerId"]);
    }

    [Fact]
    public void Update_StaleVersion_IsVersionConflict() =>
        Assert.Equal(ErrorKind.VersionConflict, Address.Update(Created(), Valid(), CustomerName, 4, Now).Error!.Kind);

    [Fact]
    public void Update_NeverCreated_IsNotFound() =>
        Assert.Equal(ErrorKind.NotFound, Address.Update(new AddressState { Id = Id }, Valid(), CustomerName, 1, Now).Error!.Kind);

    [Theory]
    [InlineData(AddressStatus.Pending, AddressStatus.Active)]
    [InlineData(AddressStatus.Pending, AddressStatus.Inactive)]
    [InlineData(AddressStatus.Active, AddressStatus.Inactive)]
    [InlineData(AddressStatus.Inactive, AddressStatus.Active)]
    public void ChangeStatus_AllowedTransition_Moves(AddressStatus from, AddressStatus to)
    {
        var result = Address.ChangeStatus(Created(from), to, expectedVersion: null, Now);

        Assert.Equal(to, result.Value!.Status);
        Assert.Equal(2, result.Value.Version);
    }

    [Theory]
    [InlineData(AddressStatus.Pending, AddressStatus.Pending)]
    [InlineData(AddressStatus.Active, AddressStatus.Pending)]
    [InlineData(AddressStatus.Active, AddressStatus.Active)]
    [InlineData(AddressStatus.Inactive, AddressStatus.Pending)]
    [InlineData(AddressStatus.Inactive, AddressStatus.Inactive)]
    public void ChangeStatus_ForbiddenTransition_IsInvalidTransition(AddressStatus from, AddressStatus to)
    {
        var result = Address.ChangeStatus(Created(from), to, expectedVersion: null, Now);

        Assert.Equal(ErrorKind.InvalidTransition, result.Error!.Kind);
        Assert.Contains(EnumText.Code(from), result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_LeavesTombstoneThatNoLongerExists()
    {
        var result = Address.Delete(Created(), expectedVersion: 1, Now);

        Assert.True(result.Value!.IsDeleted);
        Assert.Equal(ErrorKind.NotFound, Address.Delete(result.Value, null, Now).Error!.Kind);
    }

    [Fact]
    public void CountryNames_EveryCountry_HasItsEnglishName()
    {
        Assert.Equal("Poland", CountryNames.Display(Country.PL));
        Assert.Equal("United Kingdom", CountryNames.Display(Country.UK));
        Assert.Equal("Czech Republic", CountryNames.Display(Country.CZ));
        Assert.All(Enum.GetValues<Country>(), c => Assert.False(string.IsNullOrWhiteSpace(CountryNames.Display(c))));
    }

    [Fact]
    public void Codes_AreTheContractsAndMatchTheStateJson()
    {
        Assert.Equal(
            "PL, DE, FR, ES, IT, UK, NL, SE, NO, DK, FI, CZ, SK, AT, HU, RO, BG, HR, SI, EE, LV, LT, IE, PT, GR, CY, MT, LU, BE",
            EnumText.AllowedCodes<Country>());
        Assert.Equal("BILLING, SHIPPING, SERVICE, CORRESPONDENCE", EnumText.AllowedCodes<AddressType>());
        Assert.Equal("PENDING, ACTIVE, INACTIVE", EnumText.AllowedCodes<AddressStatus>());
        AssertStateJsonUsesCodes<Country>();
        AssertStateJsonUsesCodes<AddressType>();
        AssertStateJsonUsesCodes<AddressStatus>();
    }

    private static void AssertStateJsonUsesCodes<TEnum>() where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            Assert.Equal(EnumText.Code(value), JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString()));
        }
    }
}
