using Bss.Abstractions.Addresses;
using Bss.Abstractions.Common;
using Bss.Domain.Addresses;

namespace Bss.ReadSide.Lists;

public sealed record AddressSearch(
    PageRequest Page, Guid? CustomerId, AddressType? Type, AddressStatus? Status, Country? Country, string? SearchTerm)
{
    /// <summary>A bound on the per-customer list, which is not paged; a customer has a handful of addresses.</summary>
    public const int MaxPerCustomer = 1000;

    /// <summary>Every address of one customer, oldest first.</summary>
    public static AddressSearch ForCustomer(Guid customerId) =>
        new(new PageRequest(0, MaxPerCustomer, "createdAt", Descending: false), customerId, null, null, null, null);
}

/// <summary>Addresses, read straight into <see cref="AddressView"/>.</summary>
public sealed class AddressList() : ListKind<AddressSearch, AddressView>("address", DocumentQuery.Sorts(
    ("type", DocumentQuery.Text("type")),
    ("street", DocumentQuery.Text("street")),
    ("city", DocumentQuery.Text("city")),
    ("postalCode", DocumentQuery.Text("postalCode")),
    ("country", DocumentQuery.Text("country")),
    ("customerName", DocumentQuery.Text("customerName"))))
{
    public static readonly AddressList Instance = new();

    public override DocumentQuery Query(AddressSearch search) => Query(search.Page)
        .WhereCustomer(search.CustomerId)
        .WhereEnum("type", search.Type)
        .WhereStatus(search.Status)
        .WhereEnum("country", search.Country)
        .Search(search.SearchTerm);
}
