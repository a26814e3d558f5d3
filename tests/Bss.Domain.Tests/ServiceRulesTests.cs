using System.Text.Json;
using System.Text.Json.Serialization;
using Bss.Domain.Common;
using Bss.Domain.Services;

namespace Bss.Domain.Tests;

public class ServiceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0c3f4d5e-6a7b-4c8d-9e0f-1a2b3c4d5e6f");

    public static ServiceDetails Valid() => new(
        "Fiber 1G", "FIBER-1G", "Symmetric fiber", ServiceType.Internet, ServiceCategory.Broadband, ServiceTechnology.Fiber,
        99.99m, null, null, "Unlimited", "1 Gbps", null, null, ["WAW-01", "WAW-02"], ["static IP"], 2, 99.9m, SupportLevel.Premium);

    private static ServiceState Created(ServiceStatus status = ServiceStatus.Active)
    {
        var state = ServiceDefinition.Create(new ServiceState(), Id, Valid(), Now).Value!;
        state.Status = status;
        return state;
    }

    [Fact]
    public void Create_ValidDetails_IsActiveWithDefaults()
    {
        var result = ServiceDefinition.Create(new ServiceState(), Id, Valid(), Now);

        Assert.True(result.IsSuccess);
        Assert.Equal(ServiceStatus.Active, result.Value.Status);
        Assert.Equal("PLN", result.Value.Currency);
        Assert.Equal(BillingCycle.Monthly, result.Value.BillingCycle);
        Assert.Equal(0, result.Value.ActiveCustomerCount);
        Assert.Equal(1, result.Value.Version);
    }

    [Fact]
    public void Create_PlannedInitialStatus_IsPlanned() =>
        Assert.Equal(ServiceStatus.Planned,
            ServiceDefinition.Create(new ServiceState(), Id, Valid() with { InitialStatus = ServiceStatus.Planned }, Now).Value!.Status);

    [Fact]
    public void Create_DeprecatedInitialStatus_IsRefusedNamingStatus()
    {
        var result = ServiceDefinition.Create(new ServiceState(), Id, Valid() with { InitialStatus = ServiceStatus.Deprecated }, Now);

        Assert.Contains("status", result.Error!.FieldErrors!.Keys);
    }

    [Fact]
    public void Create_TrimsTextAndDropsEmptyListEntries()
    {
        var result = ServiceDefinition.Create(new ServiceState(), Id,
            Valid() with { Name = "  Fiber ", Description = " ", Features = ["a", " ", ""], RequiredCoverageNodes = ["N1", "N1 ", ""] }, Now);

        Assert.Equal("Fiber", result.Value!.Name);
        Assert.Null(result.Value.Description);
        Assert.Equal(["a"], result.Value.Features);
        Assert.Equal(["N1"], result.Value.RequiredCoverageNodes);
    }

    [Fact]
    public void Create_EveryFieldWrong_NamesEachField()
    {
        var bad = Valid() with
        {
            Name = new string('n', 101), Code = "fiber 1g", Description = new string('d', 1001), Type = null, Category = null,
            Price = 1_000_000m, Currency = "zł", VoiceMinutes = -1, SmsCount = -1, MaxCustomerCount = 0, SlaUptime = 100.5m,
            Features = Enumerable.Range(0, 51).Select(i => $"f{i}").ToList(),
        };

        var errors = ServiceDefinition.Create(new ServiceState(), Id, bad, Now).Error!.FieldErrors!;

        Assert.Equal(
            ["category", "code", "currency", "description", "features", "maxCustomerCount", "name", "price", "slaUptime", "smsCount", "type", "voiceMinutes"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("FIBER_1G-X")]
    [InlineData("ABCDEFGHIJ0123456789")]
    public void Validate_CodeOfTheContractShape_IsAccepted(string code) =>
        Assert.True(ServiceDefinition.Validate(ServiceDefinition.Normalize(Valid() with { Code = code })).IsEmpty);

    [Theory]
    [InlineData("lower")]
    [InlineData("ABCDEFGHIJ0123456789X")]
    [InlineData("A.B")]
    public void Validate_CodeOfAnotherShape_NamesCode(string code) =>
        Assert.Contains("code", ServiceDefinition.Validate(ServiceDefinition.Normalize(Valid() with { Code = code })).ToDictionary().Keys);

    [Theory]
    [InlineData(0)]
    [InlineData(999999.99)]
    public void Validate_PriceAtTheBounds_IsAccepted(decimal price) =>
        Assert.True(ServiceDefinition.Validate(ServiceDefinition.Normalize(Valid() with { Price = price })).IsEmpty);

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1000000)]
    [InlineData(9.999)]
    public void Validate_PriceOutOfRangeOrTooPrecise_NamesPrice(decimal price) =>
        Assert.Contains("price", ServiceDefinition.Validate(ServiceDefinition.Normalize(Valid() with { Price = price })).ToDictionary().Keys);

    [Fact]
    public void Validate_FiftyFeatures_IsAccepted() =>
        Assert.True(ServiceDefinition.Validate(ServiceDefinition.Normalize(
            Valid() with { Features = Enumerable.Range(0, 50).Select(i => $"f{i}").ToList() })).IsEmpty);

    [Fact]
    public void Update_Deprecated_IsConflict()
    {
        var result = ServiceDefinition.Update(Created(ServiceStatus.Deprecated), Valid(), 1, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
    }

    [Fact]
    public void Update_KeepsStatusAndCustomerCount()
    {
        var current = ServiceDefinition.CountActivation(Created(ServiceStatus.Active), Guid.NewGuid(), Now).Value!;

        var updated = ServiceDefinition.Update(current, Valid() with { Name = "Renamed", InitialStatus = ServiceStatus.Planned }, 2, Now).Value!;

        Assert.Equal("Renamed", updated.Name);
        Assert.Equal(ServiceStatus.Active, updated.Status);
        Assert.Equal(1, updated.ActiveCustomerCount);
        Assert.Equal(3, updated.Version);
    }

    [Theory]
    [InlineData(ServiceStatus.Planned, ServiceStatus.Active)]
    [InlineData(ServiceStatus.Planned, ServiceStatus.Deprecated)]
    [InlineData(ServiceStatus.Active, ServiceStatus.Inactive)]
    [InlineData(ServiceStatus.Inactive, ServiceStatus.Active)]
    [InlineData(ServiceStatus.Active, ServiceStatus.Suspended)]
    [InlineData(ServiceStatus.Suspended, ServiceStatus.Active)]
    [InlineData(ServiceStatus.Active, ServiceStatus.Deprecated)]
    [InlineData(ServiceStatus.Inactive, ServiceStatus.Deprecated)]
    [InlineData(ServiceStatus.Suspended, ServiceStatus.Deprecated)]
    public void ChangeStatus_AllowedMove_Succeeds(ServiceStatus from, ServiceStatus to) =>
        Assert.Equal(to, ServiceDefinition.ChangeStatus(Created(from), to, null, Now).Value!.Status);

    [Theory]
    [InlineData(ServiceStatus.Deprecated, ServiceStatus.Active)]
    [InlineData(ServiceStatus.Planned, ServiceStatus.Inactive)]
    [InlineData(ServiceStatus.Planned, ServiceStatus.Suspended)]
    [InlineData(ServiceStatus.Active, ServiceStatus.Planned)]
    [InlineData(ServiceStatus.Inactive, ServiceStatus.Suspended)]
    [InlineData(ServiceStatus.Active, ServiceStatus.Active)]
    public void ChangeStatus_IllegalMove_IsInvalidTransition(ServiceStatus from, ServiceStatus to) =>
        Assert.Equal(ErrorKind.InvalidTransition, ServiceDefinition.ChangeStatus(Created(from), to, null, Now).Error!.Kind);

    [Fact]
    public void CountActivation_InactiveService_IsConflict() =>
        Assert.Equal(ErrorKind.Conflict, ServiceDefinition.CountActivation(Created(ServiceStatus.Inactive), Guid.NewGuid(), Now).Error!.Kind);

    [Fact]
    public void CountActivation_AtMaximum_IsConflict()
    {
        var one = ServiceDefinition.CountActivation(Created(), Guid.NewGuid(), Now).Value!;
        var two = ServiceDefinition.CountActivation(one, Guid.NewGuid(), Now).Value!;

        var third = ServiceDefinition.CountActivation(two, Guid.NewGuid(), Now);

        Assert.Equal(2, two.ActiveCustomerCount);
        Assert.Contains("maximum", third.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UncountActivation_Counted_DecrementsAndForgetsIt()
    {
        var activation = Guid.NewGuid();
        var counted = ServiceDefinition.CountActivation(Created(), activation, Now).Value!;

        var uncounted = ServiceDefinition.UncountActivation(counted, activation, Now).Value!;

        Assert.Equal(0, uncounted.ActiveCustomerCount);
        Assert.False(ServiceDefinition.IsCounted(uncounted, activation));
        Assert.True(ServiceDefinition.IsCounted(counted, activation));
    }

    [Fact]
    public void CountActivation_RepeatedBeforeItIsConfirmed_CountsOnce()
    {
        var activation = Guid.NewGuid();
        var counted = ServiceDefinition.CountActivation(Created(), activation, Now).Value!;

        var repeated = ServiceDefinition.CountActivation(counted, activation, Now).Value!;

        Assert.Same(counted, repeated);
        Assert.Equal(1, repeated.ActiveCustomerCount);
    }

    [Fact]
    public void ConfirmActivation_ManyActivations_KeepsTheCountAndNoIds()
    {
        var service = Created();
        service.MaxCustomerCount = null;
        for (var i = 0; i < 50; i++)
        {
            var activation = Guid.NewGuid();
            service = ServiceDefinition.CountActivation(service, activation, Now).Value!;
            service = ServiceDefinition.ConfirmActivation(service, activation, Now).Value!;
        }

        Assert.Equal(50, service.ActiveCustomerCount);
        Assert.Empty(service.UnconfirmedCounts);
        Assert.Empty(service.ActiveActivationIds);
    }

    [Fact]
    public void UncountActivation_RepeatedBeforeItIsConfirmed_UncountsOnce()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var two = ServiceDefinition.CountActivation(ServiceDefinition.CountActivation(Created(), first, Now).Value!, second, Now).Value!;
        var uncounted = ServiceDefinition.UncountActivation(two, first, Now).Value!;

        var repeated = ServiceDefinition.UncountActivation(uncounted, first, Now).Value!;
        var confirmed = ServiceDefinition.ConfirmActivation(repeated, first, Now).Value!;

        Assert.Equal(1, repeated.ActiveCustomerCount);
        Assert.Empty(confirmed.UnconfirmedUncounts);
        Assert.Equal([second], confirmed.UnconfirmedCounts);
    }

    [Fact]
    public void UncountActivation_ListedBeforeServicesKeptACount_LeavesTheList()
    {
        var listed = Guid.NewGuid();
        var service = Created();
        service.ActiveActivationIds = [listed];
        service.ActiveCustomerCount = 1;

        Assert.True(ServiceDefinition.IsCounted(service, listed));
        var uncounted = ServiceDefinition.UncountActivation(service, listed, Now).Value!;

        Assert.Empty(uncounted.ActiveActivationIds);
        Assert.Equal(0, uncounted.ActiveCustomerCount);
    }

    [Fact]
    public void Delete_WithActiveCustomers_IsConflict()
    {
        var counted = ServiceDefinition.CountActivation(Created(), Guid.NewGuid(), Now).Value!;

        Assert.Equal(ErrorKind.Conflict, ServiceDefinition.Delete(counted, null, Now).Error!.Kind);
    }

    [Fact]
    public void Delete_WithoutCustomers_LeavesTombstone() =>
        Assert.True(ServiceDefinition.Delete(Created(), 1, Now).Value!.IsDeleted);

    [Theory]
    [InlineData(ServiceType.IoT, "IoT", "IoT")]
    [InlineData(ServiceType.CloudServices, "CLOUD_SERVICES", "Cloud services")]
    [InlineData(ServiceType.Vpn, "VPN", "VPN")]
    public void TypeCodes_FollowTheContract(ServiceType type, string code, string display)
    {
        Assert.Equal(code, ServiceCodes.Type.Code(type));
        Assert.Equal(display, ServiceCodes.Type.Display(type));
        Assert.True(ServiceCodes.Type.TryParse(code, out var parsed));
        Assert.Equal(type, parsed);
    }

    [Theory]
    [InlineData(ServiceTechnology.FourG, "4G")]
    [InlineData(ServiceTechnology.FiveG, "5G")]
    [InlineData(ServiceTechnology.CloudNative, "CLOUD_NATIVE")]
    [InlineData(ServiceTechnology.Dsl, "DSL")]
    [InlineData(ServiceTechnology.Wifi, "WIFI")]
    public void TechnologyCodes_FollowTheContract(ServiceTechnology technology, string code)
    {
        Assert.Equal(code, ServiceCodes.Technology.Code(technology));
        Assert.True(ServiceCodes.Technology.TryParse(code.ToLowerInvariant(), out var parsed));
        Assert.Equal(technology, parsed);
    }

    [Fact]
    public void StateJson_StoresTypeAndTechnologyByContractCode()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper));
        var state = Created();
        state.Type = ServiceType.IoT;
        state.Technology = ServiceTechnology.FiveG;

        var json = JsonSerializer.Serialize(state, options);
        var back = JsonSerializer.Deserialize<ServiceState>(json, options)!;

        Assert.Contains("\"type\":\"IoT\"", json, StringComparison.Ordinal);
        Assert.Contains("\"technology\":\"5G\"", json, StringComparison.Ordinal);
        Assert.Contains("\"category\":\"BROADBAND\"", json, StringComparison.Ordinal);
        Assert.Equal(ServiceType.IoT, back.Type);
        Assert.Equal(ServiceTechnology.FiveG, back.Technology);
    }
}
