using Bss.Abstractions.Common;
using Bss.Abstractions.Subscriptions;
using Bss.Domain.Subscriptions;

namespace Bss.ReadSide.Lists;

public sealed record SubscriptionSearch(PageRequest Page, SubscriptionStatus? Status, Guid? CustomerId, Guid? ProductId, string? SearchTerm);

/// <summary>Subscriptions. The view's terms are computed from the state, so a row is read as the state.</summary>
public sealed class SubscriptionList() : ListKind<SubscriptionSearch, SubscriptionView>("subscription", DocumentQuery.Sorts(
    ("subscriptionNumber", DocumentQuery.Text("subscriptionNumber")),
    ("startDate", DocumentQuery.Text("startDate")),
    ("endDate", DocumentQuery.Text("endDate")),
    ("nextBillingDate", DocumentQuery.Text("nextBillingDate")),
    ("price", DocumentQuery.Number("price")),
    ("netAmount", DocumentQuery.Number("netAmount"))))
{
    public static readonly SubscriptionList Instance = new();

    public override DocumentQuery Query(SubscriptionSearch search) => Query(search.Page)
        .WhereStatus(search.Status)
        .WhereCustomer(search.CustomerId)
        .WhereText("productId", search.ProductId?.ToString())
        .Search(search.SearchTerm);

    public override SubscriptionView Read(string json) => SubscriptionView.From(Rows.Read<SubscriptionState>(json, Kind));
}
