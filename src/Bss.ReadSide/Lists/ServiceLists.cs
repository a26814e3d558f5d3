using Bss.Abstractions.Common;
using Bss.Abstractions.ServiceActivations;
using Bss.Abstractions.Services;
using Bss.Domain.Common;
using Bss.Domain.ServiceActivations;
using Bss.Domain.Services;
using NpgsqlTypes;

namespace Bss.ReadSide.Lists;

public sealed record ServiceSearch(
    PageRequest Page, ServiceStatus? Status, ServiceType? Type, ServiceCategory? Category, ServiceTechnology? Technology, string? SearchTerm);

/// <summary>Service definitions, read straight into <see cref="ServiceView"/>.</summary>
public sealed class ServiceList() : ListKind<ServiceSearch, ServiceView>("service-definition", DocumentQuery.Sorts(
    ("name", DocumentQuery.Text("name")),
    ("code", DocumentQuery.Text("code")),
    ("type", DocumentQuery.Text("type")),
    ("category", DocumentQuery.Text("category")),
    ("price", DocumentQuery.Number("price")),
    ("activeCustomerCount", DocumentQuery.Number("activeCustomerCount"))))
{
    public static readonly ServiceList Instance = new();

    public override DocumentQuery Query(ServiceSearch search) => Query(search.Page)
        .WhereStatus(search.Status)
        .WhereText("type", search.Type is { } type ? ServiceCodes.Type.Code(type) : null)
        .WhereEnum("category", search.Category)
        .WhereText("technology", search.Technology is { } technology ? ServiceCodes.Technology.Code(technology) : null)
        .Search(search.SearchTerm);

    /// <summary>The (not deleted) service with this code: one at most, its code being unique.</summary>
    public DocumentQuery ByCode(string code) => Query(new PageRequest(0, 1, "createdAt", Descending: true)).WhereText("code", code);
}

public sealed record ServiceActivationSearch(PageRequest Page, Guid? CustomerId, Guid? ServiceId, ActivationStatus? Status);

/// <summary>Activations, read straight into <see cref="ServiceActivationView"/>.</summary>
public sealed class ServiceActivationList() : ListKind<ServiceActivationSearch, ServiceActivationView>("service-activation", DocumentQuery.Sorts(
    ("startDate", DocumentQuery.Text("startDate")),
    ("serviceCode", DocumentQuery.Text("serviceCode"))))
{
    public static readonly ServiceActivationList Instance = new();

    public override DocumentQuery Query(ServiceActivationSearch search) => Query(search.Page)
        .WhereCustomer(search.CustomerId)
        .WhereText("serviceId", search.ServiceId?.ToString())
        .WhereStatus(search.Status);

    /// <summary>The customer's activations of the service that are still open (pending or active).</summary>
    public DocumentQuery Open(Guid customerId, Guid serviceId) => Query(PageRequest.Unpaged)
        .WhereCustomer(customerId)
        .WhereText("serviceId", serviceId.ToString())
        .Where("status = ANY(@value)", ServiceActivation.Open.Select(s => EnumText.Code(s)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
}
