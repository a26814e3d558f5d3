using System.Reflection;
using System.Text.Json;
using Bss.Abstractions.Addresses;
using Bss.Abstractions.Customers;
using Bss.Abstractions.Products;
using Bss.Abstractions.ServiceActivations;
using Bss.Abstractions.Services;
using Bss.Domain.Addresses;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.Products;
using Bss.Domain.ServiceActivations;
using Bss.Domain.Services;
using Bss.ReadSide;
using Bss.ReadSide.Lists;

namespace Bss.Grains.Tests;

/// <summary>
/// Lists read some kinds' rows straight into the view, skipping the state. The view must then come out exactly as
/// the grain's own mapping makes it from the same state, or a list would show other values than a GET of one entity.
/// Every state field is given a value that differs from its default, so a field the row read drops or renames shows,
/// and every enum field takes each of its values in turn (some are stored by contract code, "IoT", "4G").
/// </summary>
public sealed class ListItemShapeTests
{
    [Fact]
    public void ReadRow_Customer_EqualsViewOfState() =>
        AssertSame<CustomerState, CustomerView>(CustomerView.From, CustomerList.Instance.Read);

    [Fact]
    public void ReadRow_Address_EqualsViewOfState() =>
        AssertSame<AddressState, AddressView>(AddressView.From, AddressList.Instance.Read);

    [Fact]
    public void ReadRow_Product_EqualsViewOfState() =>
        AssertSame<ProductState, ProductView>(ProductView.From, ProductList.Instance.Read);

    [Fact]
    public void ReadRow_Service_EqualsViewOfState() =>
        AssertSame<ServiceState, ServiceView>(ServiceView.From, ServiceList.Instance.Read);

    [Fact]
    public void ReadRow_ServiceActivation_EqualsViewOfState() =>
        AssertSame<ServiceActivationState, ServiceActivationView>(ServiceActivationView.From, ServiceActivationList.Instance.Read);

    [Fact]
    public void Filled_EveryProperty_DiffersFromDefault()
    {
        // The tests above are only as good as the filler: a state property left at its default proves nothing
        // (enums take each value in turn, the first being their default).
        var state = Filled<ServiceState>(0);
        var unset = Writable<ServiceState>().Where(p => !(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType).IsEnum && IsDefault(p.GetValue(state))).Select(p => p.Name);
        Assert.Empty(unset);
    }

    private static void AssertSame<TState, TView>(Func<TState, TView> view, Func<string, TView> read) where TState : new()
    {
        var variants = Writable<TState>().Select(p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)
            .Where(t => t.IsEnum).Select(t => Enum.GetValues(t).Length).DefaultIfEmpty(1).Max();
        for (var variant = 0; variant < variants; variant++)
        {
            var state = Filled<TState>(variant);
            var row = JsonSerializer.Serialize(state, StateJson.Options);
            Assert.Equal(JsonSerializer.Serialize(view(state), StateJson.Options), JsonSerializer.Serialize(read(row), StateJson.Options));
        }
    }

    private static IEnumerable<PropertyInfo> Writable<TState>() =>
        typeof(TState).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    private static TState Filled<TState>(int variant) where TState : new()
    {
        var state = new TState();
        var n = 1;
        foreach (var property in Writable<TState>())
        {
            property.SetValue(state, Sample(property.PropertyType, n++, variant));
        }

        return state;
    }

    private static object? Sample(Type type, int n, int variant)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
        {
            var values = Enum.GetValues(t);
            return values.GetValue(variant % values.Length);
        }

        return t switch
        {
            _ when t == typeof(string) => $"text-{n}",
            _ when t == typeof(Guid) => new Guid(n, 0, 0, new byte[8]),
            _ when t == typeof(int) => n,
            _ when t == typeof(long) => (long)n,
            _ when t == typeof(decimal) => n + 0.25m,
            _ when t == typeof(bool) => true,
            _ when t == typeof(DateOnly) => new DateOnly(2026, 1, 1).AddDays(n),
            _ when t == typeof(DateTimeOffset) => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(n),
            _ when t == typeof(Guid[]) || t == typeof(IReadOnlyList<Guid>) => new[] { new Guid(n, 1, 1, new byte[8]) },
            _ when t == typeof(IReadOnlyList<string>) => new[] { $"item-{n}" },
            _ when t == typeof(IReadOnlyList<UsageAllowance>) => new[] { new UsageAllowance(UsageType.Sms, n, 0.5m) },
            _ when t == typeof(CreateKey) => new CreateKey { Fingerprint = $"fingerprint-{n}", At = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(n) },
            _ => throw new NotSupportedException($"No sample value for {type}: add one, so the row read of this field is checked."),
        };
    }

    private static bool IsDefault(object? value) =>
        value is null || (value.GetType().IsValueType && value.Equals(Activator.CreateInstance(value.GetType())));
}
