namespace Bss.ReadSide;

/// <summary>A unique index on the state row and what a 409 says when a write breaks it.</summary>
public sealed record UniqueKey(string Index, string Field, string Message);

/// <summary>
/// One listed kind of grain state as the read model knows it (dev/postgres/001-orleans-storage.sql, 010-read-model.sql,
/// 100-views.sql): its grain type name (the row's kind), its SQL view, the state fields its free-text search covers,
/// which state fields a typed column holds exactly (so filters and sorts on them read the column and its index),
/// and its unique indexes.
/// </summary>
public sealed record StateKind(
    string GrainType,
    string View,
    IReadOnlyList<string> SearchPaths,
    IReadOnlyDictionary<string, string> Columns,
    IReadOnlyList<UniqueKey> UniqueKeys);

/// <summary>
/// The catalogue of listed kinds: the C# side of what the SQL computes. The SQL is the truth for the database;
/// StateKindCatalogueTests checks by behaviour that the two say the same (search text, key columns, unique index
/// names, views), so neither can change alone.
/// </summary>
public static class StateKinds
{
    private const string UsedByAnother = "is already used by another ";

    public static readonly IReadOnlyList<StateKind> All =
    [
        Kind("customer", "customers", ["firstName", "lastName", "email", "pesel", "nip"]),
        Kind("product", "products", ["productCode", "name", "description"],
            [("productCode", "key1")],
            [new("ux_documents_product_code", "productCode", UsedByAnother + "product")]),
        Kind("subscription", "subscriptions", ["subscriptionNumber"],
            [("subscriptionNumber", "key1"), ("productId", "ref")],
            [new("ux_documents_subscription_number", "subscriptionNumber", UsedByAnother + "subscription")]),
        Kind("service-definition", "services", ["name", "code", "description"],
            [("code", "key1")],
            [new("ux_documents_service_code", "code", UsedByAnother + "service")]),
        Kind("service-activation", "service_activations", ["serviceCode", "serviceName", "notes"],
            [("serviceId", "ref")],
            [new("ux_documents_open_service_activation", "serviceId", "already has an open activation for this customer")]),
        Kind("invoice", "invoices", ["invoiceNumber", "customerName", "notes"],
            [("invoiceNumber", "key1")],
            [new("ux_documents_invoice_number", "invoiceNumber", UsedByAnother + "invoice")]),
        Kind("payment", "payments", ["paymentNumber", "transactionId", "referenceNumber"],
            [("transactionId", "key1"), ("gateway", "key2"), ("invoiceId", "ref")],
            [new("ux_documents_payment_transaction", "transactionId", "is already recorded by another payment of the same gateway")]),
        Kind("asset", "assets", ["assetTag", "name", "serialNumber", "manufacturer"],
            [("assetTag", "key1"), ("serialNumber", "key2")],
            [
                new("ux_documents_asset_tag", "assetTag", UsedByAnother + "asset"),
                new("ux_documents_asset_serial_number", "serialNumber", UsedByAnother + "asset"),
            ]),
        Kind("sim-card", "sim_cards", ["iccid", "msisdn", "imsi"],
            [("iccid", "key1"), ("msisdn", "key2"), ("imsi", "key3")],
            [
                new("ux_documents_sim_iccid", "iccid", UsedByAnother + "SIM card"),
                new("ux_documents_sim_msisdn", "msisdn", UsedByAnother + "SIM card"),
                new("ux_documents_sim_imsi", "imsi", UsedByAnother + "SIM card"),
            ]),
        Kind("address", "addresses", ["street", "city", "postalCode", "customerName"],
            [("type", "key1"), ("isPrimary", "key2")],
            [new("ux_documents_address_primary", "isPrimary",
                "is already set on another address of this customer with the same type; unset it there first")]),
        Kind("order", "orders", ["orderNumber", "customerName", "notes"],
            [("orderNumber", "key1"), ("orderType", "key2")],
            [new("ux_documents_order_number", "orderNumber", UsedByAnother + "order")]),
        Kind("billing-account", "billing_accounts", []),
        Kind("billing-cycle", "billing_cycles", ["cycleDate"],
            [("cycleDate", "key1")],
            [new("ux_documents_billing_cycle_date", "cycleDate", "already has a billing cycle")]),
        Kind("usage-record", "usage_records", ["description"],
            [("usageDate", "key1"), ("subscriptionId", "ref")]),
    ];

    private static readonly Dictionary<string, StateKind> ByGrainType = All.ToDictionary(k => k.GrainType, StringComparer.Ordinal);

    private static readonly Dictionary<string, UniqueKey> ByIndex =
        All.SelectMany(k => k.UniqueKeys).ToDictionary(u => u.Index, StringComparer.Ordinal);

    /// <summary>The typed key columns every row has; which state field each holds depends on the kind.</summary>
    public static readonly IReadOnlyList<string> KeyColumns = ["key1", "key2", "key3", "ref"];

    public static StateKind? Find(string grainType) => ByGrainType.GetValueOrDefault(grainType);

    public static UniqueKey? FindUniqueKey(string index) => ByIndex.GetValueOrDefault(index);

    /// <summary>The typed column that holds the state field's JSON text exactly, for this kind; null if none does.</summary>
    public static string? TextColumn(string grainType, string jsonField) =>
        jsonField == "status" ? "status" : Find(grainType)?.Columns.GetValueOrDefault(jsonField);

    private static StateKind Kind(string grainType, string view, string[] searchPaths,
        (string Field, string Column)[]? columns = null, UniqueKey[]? uniqueKeys = null) =>
        new(grainType, view, searchPaths,
            (columns ?? []).ToDictionary(c => c.Field, c => c.Column, StringComparer.Ordinal),
            uniqueKeys ?? []);
}
