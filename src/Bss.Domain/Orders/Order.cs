using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.Products;

namespace Bss.Domain.Orders;

/// <summary>The order's rules: pure decisions on state, called by the grain.</summary>
public static class Order
{
    public const string Name = "Order";
    public const int MaxItems = 100;
    public const int MaxQuantity = 1000;

    /// <summary>PENDING → CONFIRMED | CANCELLED; CONFIRMED → PROCESSING | CANCELLED; PROCESSING → COMPLETED | CANCELLED.</summary>
    public static readonly StatusMachine<OrderStatus> Statuses = new(Name, new Dictionary<OrderStatus, OrderStatus[]>
    {
        [OrderStatus.Pending] = [OrderStatus.Confirmed, OrderStatus.Cancelled],
        [OrderStatus.Confirmed] = [OrderStatus.Processing, OrderStatus.Cancelled],
        [OrderStatus.Processing] = [OrderStatus.Completed, OrderStatus.Cancelled],
        [OrderStatus.Completed] = [],
        [OrderStatus.Cancelled] = [],
    });

    /// <summary>The number an order gets when the request names none: ORD- and 12 characters of its id.</summary>
    public static string GeneratedNumber(Guid id) => "ORD-" + id.ToString("N")[..12].ToUpperInvariant();

    public static bool IsPending(OrderState s) => s.Status == OrderStatus.Pending;

    public static bool IsCompleted(OrderState s) => s.Status == OrderStatus.Completed;

    /// <summary>Open orders can be cancelled until a completion step has taken effect (then only finishing is left).</summary>
    public static bool CanBeCancelled(OrderState s) =>
        Statuses.CanMove(s.Status, OrderStatus.Cancelled) &&
        (s.Completion is null || s.Completion.Steps.All(step => step.Status != StepStatus.Succeeded));

    /// <summary>The action an item takes when it names none: the order type's.</summary>
    public static ItemAction DefaultAction(OrderType type) => (ItemAction)(int)type;

    public static OrderDetails Normalize(OrderDetails d) => d with
    {
        OrderNumber = TextRules.Normalize(d.OrderNumber),
        Currency = TextRules.Normalize(d.Currency)?.ToUpperInvariant(),
        OrderChannel = TextRules.Normalize(d.OrderChannel),
        SalesRepId = TextRules.Normalize(d.SalesRepId),
        SalesRepName = TextRules.Normalize(d.SalesRepName),
        Notes = TextRules.Normalize(d.Notes),
        Items = d.Items ?? [],
    };

    /// <summary>Shape checks that need no other entity.</summary>
    public static FieldErrors Validate(OrderDetails d)
    {
        var errors = new FieldErrors()
            .Check("orderNumber", TextRules.Length(d.OrderNumber, 3, 50, required: false))
            .Check("customerId", d.CustomerId is null ? "is required" : null)
            .Check("currency", Money.CheckCurrency(d.Currency))
            .Check("orderChannel", TextRules.Length(d.OrderChannel, 1, 50, required: false))
            .Check("salesRepId", TextRules.Length(d.SalesRepId, 1, 50, required: false))
            .Check("salesRepName", TextRules.Length(d.SalesRepName, 1, 100, required: false))
            .Check("notes", TextRules.Length(d.Notes, 1, 2000, required: false))
            .Check("totalAmount", Money.Check(d.TotalAmount, 0m, required: false))
            .Check("status", d.Status is null or OrderStatus.Pending ? null : "must be PENDING: a new order starts PENDING and moves by PUT /{id}/status");
        if (d.PromisedDate is { } promised && d.RequestedDate is { } requested && promised < requested)
        {
            errors.Add("promisedDate", "must not be before requestedDate");
        }

        if (d.Items.Count > MaxItems)
        {
            errors.Add("items", $"must hold at most {MaxItems} items");
        }

        var type = d.OrderType ?? OrderType.New;
        for (var i = 0; i < d.Items.Count; i++)
        {
            CheckItem(errors, d.Items[i], $"items[{i}]", type);
        }

        return errors;
    }

    /// <summary>The checks of one item that need no other entity; <paramref name="field"/> names it (items[0], or item).</summary>
    private static FieldErrors CheckItem(FieldErrors errors, OrderItemRequest item, string field, OrderType type)
    {
        var at = field == ItemField ? "" : field + ".";
        errors.Check($"{at}productId", item.ProductId is null ? "is required" : null)
            .Check($"{at}quantity", item.Quantity is null or >= 1 and <= MaxQuantity ? null : $"must be from 1 to {MaxQuantity}")
            .Check($"{at}unitPrice", Money.Check(item.UnitPrice, 0m, required: false));
        if (!CreatesEffects(item.Action ?? DefaultAction(type)) && (item.ServiceId ?? item.AssetId ?? item.SimCardId) is not null)
        {
            errors.Add(field, "only NEW, UPGRADE and RENEW items may name a serviceId, assetId or simCardId");
        }

        return errors;
    }

    /// <summary>How errors of an item added or changed on its own are named: its fields bare, the item as a whole "item".</summary>
    private const string ItemField = "item";

    /// <summary>The id of the item at <paramref name="index"/> of a create request: the same on every retry.</summary>
    public static Guid ItemId(Guid orderId, int index) => NameUuid.From($"{orderId:N}/items/{index}");

    /// <summary>Σ of the line totals; an order without items shows the total its create request declared.</summary>
    public static decimal? Total(IReadOnlyList<OrderItem> items, decimal? declared) =>
        items.Count > 0 ? items.Sum(i => i.LineTotal) : declared;

    /// <summary>
    /// A new PENDING order, with items or as a header only (items are added while it is PENDING). The customer and
    /// every product must exist (else 400 naming the field) and be ACTIVE (else a Conflict naming them). An item
    /// without unitPrice takes its product's price, which must then be in the order's currency; the total is
    /// Σ quantity × unitPrice, rounded per line (a totalAmount sent with items is kept only as the declared total).
    /// </summary>
    public static Result<OrderState> Place(OrderState current, Guid id, OrderDetails details, OrderParties parties, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var d = Normalize(details);
        var errors = Validate(d);
        if (d.CustomerId is not null && parties.Customer is null)
        {
            errors.Add("customerId", "does not name an existing customer");
        }

        var currency = d.Currency ?? FirstProductCurrency(d, parties) ?? Money.DefaultCurrency;
        for (var i = 0; i < d.Items.Count; i++)
        {
            var item = d.Items[i];
            if (item.ProductId is not { } productId)
            {
                continue;
            }

            if (!parties.Products.TryGetValue(productId, out var product))
            {
                errors.Add($"items[{i}].productId", "does not name an existing product");
            }
            else if (item.UnitPrice is null && product.Currency != currency)
            {
                errors.Add($"items[{i}].unitPrice", $"is required: the product is priced in {product.Currency}, the order in {currency}");
            }
        }

        if (!errors.IsEmpty)
        {
            return DomainError.Validation(errors);
        }

        var refused = new FieldErrors();
        if (parties.Customer!.Status != CustomerStatus.Active)
        {
            refused.Add("customerId", $"the customer is {EnumText.Code(parties.Customer.Status)}, not ACTIVE");
        }

        for (var i = 0; i < d.Items.Count; i++)
        {
            var product = parties.Products[d.Items[i].ProductId!.Value];
            if (product.Status != ProductStatus.Active)
            {
                refused.Add($"items[{i}].productId", $"the product is {EnumText.Code(product.Status)}, not ACTIVE");
            }
        }

        if (!refused.IsEmpty)
        {
            var reasons = refused.ToDictionary();
            return new DomainError(ErrorKind.Conflict,
                "An order needs an ACTIVE customer and ACTIVE products: " + string.Join("; ", reasons.Values.SelectMany(r => r)) + ".",
                reasons);
        }

        var type = d.OrderType ?? OrderType.New;
        var items = d.Items.Select((item, i) => LineOf(ItemId(id, i), item, parties.Products[item.ProductId!.Value], type)).ToList();

        var order = current.FirstVersion<OrderState>(id, now);
        order.OrderNumber = d.OrderNumber ?? GeneratedNumber(id);
        order.CustomerId = d.CustomerId!.Value;
        order.CustomerName = parties.Customer.Name;
        order.OrderType = type;
        order.Status = OrderStatus.Pending;
        order.Priority = d.Priority ?? OrderPriority.Normal;
        order.Currency = currency;
        order.RequestedDate = d.RequestedDate ?? DateOnly.FromDateTime(now.UtcDateTime);
        order.PromisedDate = d.PromisedDate;
        order.CompletedDate = null;
        order.OrderChannel = d.OrderChannel;
        order.SalesRepId = d.SalesRepId;
        order.SalesRepName = d.SalesRepName;
        order.Notes = d.Notes;
        order.Items = items;
        order.DeclaredTotal = d.TotalAmount;
        order.TotalAmount = Total(items, d.TotalAmount);
        order.Completion = null;
        return Result<OrderState>.Ok(order);
    }

    /// <summary>True when a retried create asks for what the order already is.</summary>
    public static bool SameOrder(OrderState s, OrderDetails details)
    {
        var d = Normalize(details);
        return s.CustomerId == d.CustomerId && (d.OrderNumber is null || d.OrderNumber == s.OrderNumber) &&
               s.Items.Count == d.Items.Count &&
               s.Items.Zip(d.Items).All(p => p.First.ProductId == p.Second.ProductId && p.First.Quantity == (p.Second.Quantity ?? 1));
    }

    /// <summary>
    /// Moves along the status machine. COMPLETED is not reached here but by a completion (see <see cref="BeginCompletion"/>);
    /// CANCELLED is refused once a completion step took effect.
    /// </summary>
    public static Result<OrderState> ChangeStatus(OrderState current, OrderStatus target, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, target)) is { } error)
        {
            return error;
        }

        if (target == OrderStatus.Completed)
        {
            return BeginCompletion(current, expectedVersion, now);
        }

        if (target == OrderStatus.Confirmed && current.Items.Count == 0)
        {
            return new DomainError(ErrorKind.Conflict, $"Order {current.Id} has no items: add its items before confirming it.",
                new Dictionary<string, string[]> { ["items"] = ["must hold at least one item to confirm the order"] });
        }

        if (target == OrderStatus.Cancelled && !CanBeCancelled(current))
        {
            return new DomainError(ErrorKind.Conflict,
                $"Order {current.Id} cannot be cancelled: its completion has already created part of what it orders; complete it instead.");
        }

        var next = current.NextVersion<OrderState>(now);
        next.Status = target;
        return Result<OrderState>.Ok(next);
    }

    /// <summary>
    /// Adds an item to a PENDING order under the id the caller chose (so a retried request finds it: the same id with
    /// the same product and quantity answers the order as it is). The product must exist (else 400) and be ACTIVE (else
    /// a Conflict); without unitPrice it must be priced in the order's currency.
    /// </summary>
    public static Result<OrderState> AddItem(OrderState current, Guid itemId, OrderItemRequest item, OrderProduct? product,
        int? expectedVersion, DateTimeOffset now)
    {
        if (current.Items.FirstOrDefault(i => i.Id == itemId) is { } existing)
        {
            return existing.ProductId == item.ProductId && existing.Quantity == (item.Quantity ?? 1)
                ? Result<OrderState>.Ok(current)
                : new DomainError(ErrorKind.Conflict, $"Order {current.Id} already has an item {itemId} with other content.");
        }

        if (ItemsEditable(current, expectedVersion) is { } refused)
        {
            return refused;
        }

        if (current.Items.Count >= MaxItems)
        {
            return DomainError.Validation(new FieldErrors().Add("items", $"must hold at most {MaxItems} items"));
        }

        return Line(current, itemId, item, product).Map(line => WithItems(current, [.. current.Items, line], now));
    }

    /// <summary>Replaces an item of a PENDING order (keeping its id) by what the request says, checked as an added one.</summary>
    public static Result<OrderState> ChangeItem(OrderState current, Guid itemId, OrderItemRequest item, OrderProduct? product,
        int? expectedVersion, DateTimeOffset now)
    {
        if ((ItemsEditable(current, expectedVersion) ?? ItemMustExist(current, itemId)) is { } refused)
        {
            return refused;
        }

        return Line(current, itemId, item, product)
            .Map(line => WithItems(current, current.Items.Select(i => i.Id == itemId ? line : i).ToList(), now));
    }

    /// <summary>Removes an item of a PENDING order.</summary>
    public static Result<OrderState> RemoveItem(OrderState current, Guid itemId, int? expectedVersion, DateTimeOffset now) =>
        (ItemsEditable(current, expectedVersion) ?? ItemMustExist(current, itemId)) is { } refused
            ? refused
            : Result<OrderState>.Ok(WithItems(current, current.Items.Where(i => i.Id != itemId).ToList(), now));

    private static DomainError? ItemsEditable(OrderState current, int? expectedVersion) =>
        Entity.Guard(current, Name, expectedVersion) ?? (current.Status == OrderStatus.Pending
            ? null
            : new DomainError(ErrorKind.Conflict, $"Order {current.Id} is {EnumText.Code(current.Status)}: its items change only while it is PENDING.",
                new Dictionary<string, string[]> { ["items"] = ["can change only while the order is PENDING"] }));

    private static DomainError? ItemMustExist(OrderState current, Guid itemId) =>
        current.Items.Any(i => i.Id == itemId) ? null : DomainError.NotFound($"Item {itemId} of order {current.Id}");

    private static OrderState WithItems(OrderState current, List<OrderItem> items, DateTimeOffset now)
    {
        var next = current.NextVersion<OrderState>(now);
        next.Items = items;
        next.TotalAmount = Total(items, current.DeclaredTotal);
        return next;
    }

    /// <summary>One item added or changed on its own: checked like an item of a create, named by its bare fields.</summary>
    private static Result<OrderItem> Line(OrderState order, Guid itemId, OrderItemRequest item, OrderProduct? product)
    {
        var errors = CheckItem(new FieldErrors(), item, ItemField, order.OrderType);
        if (item.ProductId is not null && product is null)
        {
            errors.Add("productId", "does not name an existing product");
        }
        else if (product is not null && item.UnitPrice is null && product.Currency != order.Currency)
        {
            errors.Add("unitPrice", $"is required: the product is priced in {product.Currency}, the order in {order.Currency}");
        }

        if (!errors.IsEmpty)
        {
            return DomainError.Validation(errors);
        }

        if (product!.Status != ProductStatus.Active)
        {
            return new DomainError(ErrorKind.Conflict, $"An order needs ACTIVE products: the product is {EnumText.Code(product.Status)}.",
                new Dictionary<string, string[]> { ["productId"] = [$"the product is {EnumText.Code(product.Status)}, not ACTIVE"] });
        }

        return Result<OrderItem>.Ok(LineOf(itemId, item, product, order.OrderType));
    }

    private static OrderItem LineOf(Guid itemId, OrderItemRequest item, OrderProduct product, OrderType type) =>
        new(item.ProductId!.Value, item.Quantity ?? 1, item.UnitPrice ?? product.Price, item.Action ?? DefaultAction(type),
            product.ProductType, product.BillingPeriod, item.ServiceId, item.AssetId, item.SimCardId, itemId);

    /// <summary>
    /// Starts (or resumes) completing a PROCESSING order: the first time, fixes the plan with every step pending;
    /// after a failure, puts the failed steps back to pending. Succeeded steps are never run again.
    /// An order with nothing to create completes at once.
    /// </summary>
    public static Result<OrderState> BeginCompletion(OrderState current, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, OrderStatus.Completed)) is { } error)
        {
            return error;
        }

        if (current.Completion is { State: CompletionState.InProgress })
        {
            return Result<OrderState>.Ok(current);
        }

        var next = current.NextVersion<OrderState>(now);
        var steps = current.Completion is { } earlier
            ? earlier.Steps.Select(s => s.Status == StepStatus.Failed ? s with { Status = StepStatus.Pending, Error = null } : s).ToList()
            : Plan(current.Id, current.Items);
        next.Completion = new CompletionPlan(CompletionState.InProgress, steps, current.Completion?.StartedAt ?? now, null);
        return Result<OrderState>.Ok(FinishIfDone(next, now));
    }

    /// <summary>
    /// The steps for the items, in item order. Mapping from an item to effects:
    /// a NEW, UPGRADE or RENEW item of a product with a recurring billing period (any product type: TARIFF, SERVICE,
    /// BUNDLE, ADDON) starts one subscription to that product (at the line total: quantity × unit price);
    /// a ONE_TIME product puts a one-time charge (quantity × unit price) on the customer's next invoice. Such an item's optional serviceId activates that service for the customer,
    /// its assetId and simCardId assign that device and SIM card to the customer. DOWNGRADE and CANCEL items
    /// record the request and create nothing (changing existing subscriptions is not part of completion yet).
    /// </summary>
    public static List<CompletionStep> Plan(Guid orderId, IReadOnlyList<OrderItem> items)
    {
        var steps = new List<CompletionStep>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!CreatesEffects(item.Action))
            {
                continue;
            }

            var effect = item.BillingPeriod == BillingPeriod.OneTime ? CompletionEffect.OneTimeCharge : CompletionEffect.Subscription;
            steps.Add(Step(i, effect, TargetId(orderId, i, effect)));

            if (item.ServiceId is not null)
            {
                steps.Add(Step(i, CompletionEffect.ServiceActivation, TargetId(orderId, i, CompletionEffect.ServiceActivation)));
            }

            if (item.AssetId is { } assetId)
            {
                steps.Add(Step(i, CompletionEffect.AssetAssignment, assetId));
            }

            if (item.SimCardId is { } simCardId)
            {
                steps.Add(Step(i, CompletionEffect.SimCardAssignment, simCardId));
            }
        }

        return steps;
    }

    public static bool CreatesEffects(ItemAction action) => action is ItemAction.New or ItemAction.Upgrade or ItemAction.Renew;

    /// <summary>
    /// The id of what a step creates: the same for the same order, item and effect, on every run and every silo.
    /// </summary>
    public static Guid TargetId(Guid orderId, int item, CompletionEffect effect) =>
        NameUuid.From($"{orderId:N}/{item}/{EnumText.Code(effect)}");

    /// <summary>The next step to run, if the completion is running and one is pending.</summary>
    public static int? NextStep(OrderState s) =>
        s.Completion is { State: CompletionState.InProgress } plan && plan.Steps.ToList().FindIndex(x => x.Status == StepStatus.Pending) is var i and >= 0
            ? i
            : null;

    /// <summary>
    /// Records what a step's target answered: success; a refusal (permanent: the completion stops FAILED with the
    /// reason); or, with <paramref name="transient"/>, a failure to reach it (the step stays pending for the next run).
    /// </summary>
    public static Result<OrderState> RecordStep(OrderState current, int step, string? error, bool transient, DateTimeOffset now)
    {
        if (current.Completion is not { State: CompletionState.InProgress } plan || step >= plan.Steps.Count ||
            plan.Steps[step].Status != StepStatus.Pending)
        {
            return Result<OrderState>.Ok(current);
        }

        var outcome = plan.Steps[step] with
        {
            Status = error is null ? StepStatus.Succeeded : transient ? StepStatus.Pending : StepStatus.Failed,
            Error = error,
            Attempts = plan.Steps[step].Attempts + 1,
        };
        var steps = plan.Steps.Select((s, i) => i == step ? outcome : s).ToList();
        var next = current.NextVersion<OrderState>(now);
        next.Completion = plan with
        {
            Steps = steps,
            State = outcome.Status == StepStatus.Failed ? CompletionState.Failed : CompletionState.InProgress,
            FinishedAt = outcome.Status == StepStatus.Failed ? now : null,
        };
        return Result<OrderState>.Ok(FinishIfDone(next, now));
    }

    /// <summary>The message a failed completion answers with, naming each failed step.</summary>
    public static string FailureSummary(OrderState s) =>
        $"Order {s.Id} could not be completed: " + string.Join("; ", (s.Completion?.Steps ?? [])
            .Where(x => x.Status == StepStatus.Failed)
            .Select(x => $"item {x.Item} {EnumText.Code(x.Effect)} {x.TargetId}: {x.Error}")) +
        ". Fix the cause and ask for COMPLETED again: only the missing steps run.";

    private static OrderState FinishIfDone(OrderState next, DateTimeOffset now)
    {
        if (next.Completion is { State: CompletionState.InProgress } plan && plan.Steps.All(s => s.Status == StepStatus.Succeeded))
        {
            next.Completion = plan with { State = CompletionState.Done, FinishedAt = now };
            next.Status = OrderStatus.Completed;
            next.CompletedDate = DateOnly.FromDateTime(now.UtcDateTime);
        }

        return next;
    }

    private static CompletionStep Step(int item, CompletionEffect effect, Guid target) =>
        new(item, effect, target, StepStatus.Pending, null, 0);

    private static string? FirstProductCurrency(OrderDetails d, OrderParties parties) =>
        d.Items.Select(i => i.ProductId is { } id && parties.Products.TryGetValue(id, out var p) ? p.Currency : null)
            .FirstOrDefault(c => c is not null);
}
