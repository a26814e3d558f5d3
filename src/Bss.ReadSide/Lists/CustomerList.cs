using Bss.Abstractions.Common;
using Bss.Abstractions.Customers;
using Bss.Domain.Customers;

namespace Bss.ReadSide.Lists;

/// <summary>Filters of a customer list. Below OPERATOR a search matches names only (<see cref="SearchNamesOnly"/>).</summary>
public sealed record CustomerSearch(PageRequest Page, CustomerStatus? Status, string? SearchTerm, bool SearchNamesOnly = false);

/// <summary>Customers, read straight into <see cref="CustomerView"/> (the subscriptions they hold are not read).</summary>
public sealed class CustomerList() : ListKind<CustomerSearch, CustomerView>("customer", DocumentQuery.Sorts(
    ("firstName", DocumentQuery.Text("firstName")),
    ("lastName", DocumentQuery.Text("lastName")),
    ("email", DocumentQuery.Text("email"))))
{
    public static readonly CustomerList Instance = new();

    public override DocumentQuery Query(CustomerSearch search)
    {
        var query = Query(search.Page).WhereStatus(search.Status).Search(search.SearchTerm);
        // PESEL, NIP and e-mail are search keys for OPERATOR and above only.
        return search.SearchNamesOnly ? query.SearchOnly(search.SearchTerm, "firstName", "lastName") : query;
    }
}
