using Bss.Abstractions.Assets;
using Bss.Abstractions.Common;
using Bss.Domain.Assets;

namespace Bss.ReadSide.Lists;

/// <summary>Devices or SIM cards whose date field falls from <see cref="From"/> (today) through <see cref="Days"/> days later.</summary>
public sealed record ExpiringSearch(PageRequest Page, DateOnly From, int Days);

public sealed record AssetSearch(PageRequest Page, AssetStatus? Status, AssetType? Type, string? SearchTerm, Guid? CustomerId);

/// <summary>Devices. The view's holder is composed from several state fields, so a row is read as the state.</summary>
public sealed class AssetList() : ListKind<AssetSearch, AssetView>("asset", DocumentQuery.Sorts(
    ("assetTag", DocumentQuery.Text("assetTag")),
    ("assetType", DocumentQuery.Text("assetType")),
    ("name", DocumentQuery.Text("name")),
    ("serialNumber", DocumentQuery.Text("serialNumber")),
    ("manufacturer", DocumentQuery.Text("manufacturer")),
    ("purchaseDate", DocumentQuery.Text("purchaseDate")),
    ("warrantyExpiry", DocumentQuery.Text("warrantyExpiry")),
    ("assignedDate", DocumentQuery.Text("assignedDate"))))
{
    public static readonly AssetList Instance = new();

    public override DocumentQuery Query(AssetSearch search) => Query(search.Page)
        .WhereStatus(search.Status)
        .WhereEnum("assetType", search.Type)
        .WhereCustomer(search.CustomerId)
        .Search(search.SearchTerm);

    public DocumentQuery WarrantyExpiring(ExpiringSearch search) =>
        Query(search.Page).WhereDateWithin("warrantyExpiry", search.From, search.Days);

    public override AssetView Read(string json) => AssetView.From(Rows.Read<AssetState>(json, Kind));
}

public sealed record SimCardSearch(PageRequest Page, SimCardStatus? Status, string? SearchTerm, Guid? CustomerId);

/// <summary>SIM cards. The view groups holder and usage from several state fields, so a row is read as the state.</summary>
public sealed class SimCardList() : ListKind<SimCardSearch, SimCardView>("sim-card", DocumentQuery.Sorts(
    ("iccid", DocumentQuery.Text("iccid")),
    ("msisdn", DocumentQuery.Text("msisdn")),
    ("imsi", DocumentQuery.Text("imsi")),
    ("networkOperator", DocumentQuery.Text("networkOperator")),
    ("activationDate", DocumentQuery.Text("activationDate")),
    ("expiryDate", DocumentQuery.Text("expiryDate")),
    ("assignedDate", DocumentQuery.Text("assignedDate")),
    ("lastUsageDate", DocumentQuery.Text("lastUsageDate"))))
{
    public static readonly SimCardList Instance = new();

    public override DocumentQuery Query(SimCardSearch search) => Query(search.Page)
        .WhereStatus(search.Status)
        .WhereCustomer(search.CustomerId)
        .Search(search.SearchTerm);

    public DocumentQuery Expiring(ExpiringSearch search) =>
        Query(search.Page).WhereDateWithin("expiryDate", search.From, search.Days);

    public override SimCardView Read(string json) => SimCardView.From(Rows.Read<SimCardState>(json, Kind));
}
