using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Bss.Seeder;

/// <summary>
/// Fills a running cluster through the REST API, phase by phase, <see cref="SeedOptions.Concurrency"/> requests at a
/// time. Every POST carries a deterministic Idempotency-Key and every unique value is derived from the entity's
/// index, so a second run replays instead of creating; status changes are sent only when the entity still has the
/// status the seeder left it in before.
/// </summary>
internal sealed class DemoSeeder(SeedOptions options, ApiClient api, TextWriter output)
{
    private const string Products = "/api/v1/products";
    private const string Services = "/api/v1/services";
    private const string Activations = "/api/v1/services/activations";
    private const string Customers = "/api/v1/customers";
    private const string Addresses = "/api/v1/addresses";
    private const string Subscriptions = "/api/v1/subscriptions";
    private const string Assets = "/api/v1/assets";
    private const string SimCards = "/api/v1/assets/sim-cards";
    private const string Invoices = "/api/v1/invoices";
    private const string Payments = "/api/v1/payments";
    private const string Orders = "/api/v1/orders";

    /// <summary>Resource name → how to count it (stats route, or a list whose totalElements counts).</summary>
    private static readonly (string Resource, string Path)[] Counted =
    [
        ("products", $"{Products}/stats"), ("services", $"{Services}/stats"), ("customers", $"{Customers}/stats"),
        ("addresses", $"{Addresses}/stats"), ("subscriptions", $"{Subscriptions}/stats"),
        ("activations", $"{Activations}?size=1"), ("devices", $"{Assets}/stats"), ("simCards", $"{SimCards}/stats"),
        ("invoices", $"{Invoices}/stats"), ("payments", $"{Payments}/stats"), ("orders", $"{Orders}/stats"),
    ];

    private readonly Identifiers _ids = new(options.Tag);
    private readonly Dictionary<string, string> _productIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _serviceIds = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();

    private sealed class CustomerRun(CustomerPlan plan)
    {
        public CustomerPlan Plan { get; } = plan;

        public ApiAnswer? Customer { get; set; }

        public Dictionary<int, ApiAnswer> Subscriptions { get; } = [];
    }

    public async Task<int> RunAsync(CancellationToken cancel)
    {
        output.WriteLine($"seeding {string.Join(", ", options.BaseUrls)}: {options.Customers:N0} customers, " +
                         $"{options.Concurrency} requests at a time{(options.Tag.Length > 0 ? $", tag {options.Tag}" : "")}");
        if ((await api.GetAsync("/health/ready", cancel)).Status != 200)
        {
            output.WriteLine("the cluster is not ready (GET /health/ready); start it with dev/run");
            return 2;
        }

        var probe = await api.GetAsync($"{Products}?size=1", cancel);
        if (probe.Status is 401 or 403)
        {
            // Every phase would fail the same way: say why once. A 401 is a token the silos do not trust (another
            // issuer than their Auth:Authority); a 403 is one whose roles may not create the catalog.
            output.WriteLine($"the API refused the seeder's token ({probe.Status}: {probe.Problem}); " +
                             "the silos must trust the same issuer, and the token needs a role that may create (e.g. ADMIN)");
            return 2;
        }

        var ordersAvailable = (await api.GetAsync($"{Orders}?size=1", cancel)).Status == 200;
        var before = await CountAsync(cancel);
        _clock.Start();

        await PhaseAsync("products", Catalog.Products, SeedProductAsync, cancel);
        await PhaseAsync("services", Catalog.Services, SeedServiceAsync, cancel);
        var stockDevices = Math.Max(5, options.Customers / 10);
        var stockSims = Math.Max(5, options.Customers / 5);
        await PhaseAsync("stock devices", Enumerable.Range(1, stockDevices).ToArray(), SeedStockDeviceAsync, cancel);
        await PhaseAsync("stock SIM cards", Enumerable.Range(1, stockSims).ToArray(), SeedStockSimAsync, cancel);

        var runs = Enumerable.Range(1, options.Customers).Select(i => new CustomerRun(CustomerPlan.For(i))).ToArray();
        await PhaseAsync("customers", runs, SeedCustomerAsync, cancel);
        var active = runs.Where(r => r.Customer is not null).ToArray();
        await PhaseAsync("addresses", active, SeedAddressesAsync, cancel);
        await PhaseAsync("subscriptions", active, SeedSubscriptionsAsync, cancel);
        await PhaseAsync("service activations", active, SeedActivationsAsync, cancel);
        await PhaseAsync("devices and SIM cards", active, SeedCustomerEquipmentAsync, cancel);
        await PhaseAsync("invoices and payments", active, SeedInvoicesAsync, cancel);
        if (ordersAvailable)
        {
            await PhaseAsync("orders", active, SeedOrdersAsync, cancel);
        }
        else
        {
            output.WriteLine($"orders: skipped ({Orders} does not answer on this cluster yet)");
        }

        await PhaseAsync("statuses", active, SeedStatusesAsync, cancel);
        _clock.Stop();

        var after = await CountAsync(cancel);
        return Summarize(before, after);
    }

    private async Task PhaseAsync<T>(string name, IReadOnlyList<T> items, Func<T, CancellationToken, Task> seed, CancellationToken cancel)
    {
        var started = Stopwatch.StartNew();
        var requestsBefore = api.Requests;
        var done = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var progress = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(options.Progress, stop.Token);
                    Report(name, Volatile.Read(ref done), items.Count, api.Requests - requestsBefore, started.Elapsed, final: false);
                }
            }
            catch (OperationCanceledException)
            {
                // The phase is over.
            }
        }, CancellationToken.None);

        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancel },
            async (item, token) =>
            {
                await seed(item, token);
                Interlocked.Increment(ref done);
            });
        await stop.CancelAsync();
        await progress;
        Report(name, done, items.Count, api.Requests - requestsBefore, started.Elapsed, final: true);
    }

    private void Report(string name, int done, int total, long requests, TimeSpan elapsed, bool final)
    {
        var rate = requests / Math.Max(elapsed.TotalSeconds, 0.001);
        lock (output)
        {
            output.WriteLine(final
                ? string.Create(CultureInfo.InvariantCulture, $"{name}: {total:N0} done in {elapsed.TotalSeconds:0.0} s ({requests:N0} requests, {rate:N0} req/s)")
                : string.Create(CultureInfo.InvariantCulture, $"  {name}: {done:N0}/{total:N0} ({100.0 * done / Math.Max(total, 1):0}%), {rate:N0} req/s"));
        }
    }

    // ----------------------------------------------------------------------------------------------- catalog

    private async Task SeedProductAsync(ProductSpec p, CancellationToken cancel)
    {
        var body = new
        {
            productCode = _ids.Code(p.Code), name = p.Name, description = p.Description, productType = p.Type,
            category = p.Category, price = p.Price, currency = "PLN", billingPeriod = p.BillingPeriod,
            validityStart = new DateOnly(2024, 1, 1), createdBy = "seed",
        };
        if (await api.CreateAsync("products", Products, body, _ids.Key("product", p.Code), cancel) is not { } created)
        {
            return;
        }

        lock (_productIds)
        {
            _productIds[p.Code] = created.Id;
        }

        if (p.FinalStatus is { } status)
        {
            await api.EnsureStatusAsync("products", Products, created, "ACTIVE", status, HttpMethod.Put, "status", cancel);
        }
    }

    private async Task SeedServiceAsync(ServiceSpec s, CancellationToken cancel)
    {
        var body = new
        {
            name = s.Name, code = _ids.Code(s.Code), description = s.Description, type = s.Type, category = s.Category,
            status = s.Status, technology = s.Technology, price = s.Price, currency = "PLN", billingCycle = "MONTHLY",
            dataLimit = s.DataLimit, speed = s.Speed, voiceMinutes = s.VoiceMinutes, smsCount = s.SmsCount,
            features = s.Features ?? [], maxCustomerCount = s.MaxCustomerCount, slaUptime = s.SlaUptime,
            supportLevel = s.SupportLevel,
        };
        if (await api.CreateAsync("services", Services, body, _ids.Key("service", s.Code), cancel) is { } created)
        {
            lock (_serviceIds)
            {
                _serviceIds[s.Code] = created.Id;
            }
        }
    }

    private async Task SeedStockDeviceAsync(int index, CancellationToken cancel)
    {
        var model = Catalog.Devices[index % Catalog.Devices.Length];
        if (await CreateDeviceAsync(model, stock: true, index, 0, cancel) is not { } created)
        {
            return;
        }

        var status = (index % 20) switch
        {
            3 => "MAINTENANCE",
            7 when index % 40 == 7 => "DAMAGED",
            11 => "RESERVED",
            _ => null,
        };
        if (status is not null)
        {
            await api.EnsureStatusAsync("devices", Assets, created, "AVAILABLE", status, HttpMethod.Put, "status", cancel);
        }
    }

    private async Task SeedStockSimAsync(int index, CancellationToken cancel)
    {
        if (await CreateSimAsync(stock: true, index, 0, null, cancel) is { } created && index % 20 == 5)
        {
            await api.EnsureStatusAsync("simCards", SimCards, created, "AVAILABLE", "TESTING", HttpMethod.Put, "status", cancel);
        }
    }

    private Task<ApiAnswer?> CreateDeviceAsync(DeviceModel model, bool stock, int index, int slot, CancellationToken cancel)
    {
        var number = Identifiers.Number(stock, index, slot);
        var purchased = new DateOnly(2023, 1, 1).AddDays(number * 7 % 900);
        var body = new
        {
            assetTag = _ids.AssetTag(stock, index, slot), assetType = model.AssetType, name = model.Name,
            serialNumber = _ids.Serial(model, stock, index, slot), modelNumber = model.Model, manufacturer = model.Manufacturer,
            purchaseDate = purchased, warrantyExpiry = purchased.AddYears(2), location = "Magazyn centralny, Łódź",
            costCenter = "CC-LOG-01",
        };
        return api.CreateAsync("devices", Assets, body, stock ? _ids.Key("device-stock", index) : _ids.Key("device", index, slot), cancel);
    }

    private Task<ApiAnswer?> CreateSimAsync(bool stock, int index, int slot, long? dataLimitMb, CancellationToken cancel)
    {
        var body = new
        {
            iccid = _ids.Iccid(stock, index, slot), msisdn = _ids.Msisdn(stock, index, slot), imsi = _ids.Imsi(stock, index, slot),
            networkOperator = "BSS Telecom", apn = "internet", dataLimitMb,
        };
        return api.CreateAsync("simCards", SimCards, body, stock ? _ids.Key("sim-stock", index) : _ids.Key("sim", index, slot), cancel);
    }

    // ---------------------------------------------------------------------------------------------- customers

    private async Task SeedCustomerAsync(CustomerRun run, CancellationToken cancel)
    {
        var p = run.Plan.Person;
        var body = new { firstName = p.FirstName, lastName = p.LastName, pesel = p.Pesel, nip = p.Nip, email = p.Email, phone = p.Phone };
        run.Customer = await api.CreateAsync("customers", Customers, body, _ids.Key("customer", run.Plan.Index), cancel);
    }

    private async Task SeedAddressesAsync(CustomerRun run, CancellationToken cancel)
    {
        var slot = 0;
        foreach (var (a, type, status) in run.Plan.Addresses)
        {
            slot++;
            var body = new
            {
                customerId = run.Customer!.Id, type, street = a.Street, houseNumber = a.HouseNumber, apartmentNumber = a.ApartmentNumber,
                postalCode = a.PostalCode, city = a.City, region = a.Region, country = "PL", latitude = a.Latitude,
                longitude = a.Longitude, isPrimary = slot == 1,
            };
            if (await api.CreateAsync("addresses", Addresses, body, _ids.Key("address", run.Plan.Index, slot), cancel) is { } created &&
                status is not null)
            {
                await api.EnsureStatusAsync("addresses", Addresses, created, "PENDING", status, HttpMethod.Patch, "status", cancel);
            }
        }
    }

    private async Task SeedSubscriptionsAsync(CustomerRun run, CancellationToken cancel)
    {
        foreach (var s in run.Plan.Subscriptions)
        {
            if (!_productIds.TryGetValue(s.Product.Code, out var productId))
            {
                continue;
            }

            var body = new
            {
                customerId = run.Customer!.Id, productId, autoRenew = s.Product.BillingPeriod != "ONE_TIME",
                configuration = s.Sim ? new JsonObject { ["msisdn"] = _ids.Msisdn(false, run.Plan.Index, s.Slot) } : null,
            };
            if (await api.CreateAsync("subscriptions", Subscriptions, body, _ids.Key("subscription", run.Plan.Index, s.Slot), cancel) is { } created)
            {
                run.Subscriptions[s.Slot] = created;
            }
        }
    }

    private async Task SeedActivationsAsync(CustomerRun run, CancellationToken cancel)
    {
        var activated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in run.Plan.Subscriptions.Where(s => s.Activate && run.Subscriptions.ContainsKey(s.Slot)))
        {
            if (!activated.Add(s.Product.ServiceCode!) || !_serviceIds.TryGetValue(s.Product.ServiceCode!, out var serviceId))
            {
                continue;
            }

            var body = new { serviceId, customerId = run.Customer!.Id, notes = $"Ordered with {s.Product.Name} ({_ids.Code(s.Product.Code)})" };
            await api.CreateAsync("activations", Activations, body, _ids.Key("activation-" + s.Product.ServiceCode, run.Plan.Index), cancel);
        }
    }

    private async Task SeedCustomerEquipmentAsync(CustomerRun run, CancellationToken cancel)
    {
        var customerId = run.Customer!.Id;
        var place = run.Plan.Addresses[0].Address;
        foreach (var s in run.Plan.Subscriptions.Where(s => run.Subscriptions.ContainsKey(s.Slot)))
        {
            if (s.Device is { } model && await CreateDeviceAsync(model, stock: false, run.Plan.Index, s.Slot, cancel) is { } device)
            {
                var body = new { customerId, location = $"{place.Street} {place.HouseNumber}, {place.PostalCode} {place.City}" };
                await api.CreateAsync("device assignments", $"{Assets}/{device.Id}/assign", body,
                    _ids.Key("device-assign", run.Plan.Index, s.Slot), cancel);
            }

            if (s.Sim && await CreateSimAsync(stock: false, run.Plan.Index, s.Slot, s.Product.DataLimitMb, cancel) is { } sim)
            {
                await api.CreateAsync("SIM assignments", $"{SimCards}/{sim.Id}/assign", new { customerId },
                    _ids.Key("sim-assign", run.Plan.Index, s.Slot), cancel);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ billing

    private async Task SeedInvoicesAsync(CustomerRun run, CancellationToken cancel)
    {
        var lines = run.Plan.Subscriptions.Where(s => run.Subscriptions.ContainsKey(s.Slot)).ToArray();
        if (lines.Length == 0)
        {
            return;
        }

        foreach (var plan in run.Plan.Invoices)
        {
            var start = new DateOnly(2025, plan.Month, 1);
            var body = new
            {
                customerId = run.Customer!.Id, invoiceType = "ONE_TIME", currency = "PLN", paymentTerms = 14,
                billingPeriodStart = start, billingPeriodEnd = start.AddMonths(1).AddDays(-1),
                notes = $"Abonament za {start:MM/yyyy}",
                items = lines.Select(s => new
                {
                    description = $"{s.Product.Name} ({start:MM/yyyy})", quantity = 1m, unitPrice = s.Product.Price, taxRate = 0.23m,
                    productId = _productIds[s.Product.Code], subscriptionId = run.Subscriptions[s.Slot].Id,
                }).ToArray(),
            };
            if (await api.CreateAsync("invoices", Invoices, body, _ids.Key("invoice", run.Plan.Index, plan.Slot), cancel) is not { } invoice ||
                !plan.Issue)
            {
                continue;
            }

            await api.EnsureStatusAsync("invoices", Invoices, invoice, "DRAFT", "ISSUED", HttpMethod.Put, "status", cancel);
            if (plan.Pay)
            {
                var payment = new
                {
                    customerId = run.Customer.Id, invoiceId = invoice.Id, amount = (decimal)invoice.Body!["totalAmount"]!,
                    currency = "PLN", paymentMethod = plan.PaymentMethod, paymentStatus = "COMPLETED",
                    referenceNumber = $"FV/{run.Plan.Index:D5}/{plan.Slot}/{start:MM/yyyy}",
                    transactionId = _ids.Key("txn", run.Plan.Index, plan.Slot),
                    gateway = plan.PaymentMethod is "CARD" or "MOBILE_PAY" ? "Przelewy24" : null,
                };
                await api.CreateAsync("payments", Payments, payment, _ids.Key("payment", run.Plan.Index, plan.Slot), cancel);
            }
        }
    }

    private async Task SeedOrdersAsync(CustomerRun run, CancellationToken cancel)
    {
        if (!run.Plan.Order || run.Plan.Subscriptions.Count == 0 || !_productIds.TryGetValue(run.Plan.Subscriptions[0].Product.Code, out var productId))
        {
            return;
        }

        var product = run.Plan.Subscriptions[0].Product;
        var body = new
        {
            orderNumber = _ids.Code(string.Create(CultureInfo.InvariantCulture, $"ORD-SEED-{run.Plan.Index:D6}")),
            customerId = run.Customer!.Id, orderType = "NEW", priority = run.Plan.Index % 10 == 0 ? "HIGH" : "NORMAL",
            currency = "PLN", orderChannel = run.Plan.Index % 3 == 0 ? "SHOP" : "ONLINE", notes = $"Zamówienie: {product.Name}",
            items = new[] { new { productId, quantity = 1, unitPrice = product.Price, action = "NEW" } },
        };
        await api.CreateAsync("orders", Orders, body, _ids.Key("order", run.Plan.Index), cancel);
    }

    /// <summary>Last, so the subscriptions, devices and invoices above were made for ACTIVE customers.</summary>
    private async Task SeedStatusesAsync(CustomerRun run, CancellationToken cancel)
    {
        foreach (var s in run.Plan.Subscriptions.Where(s => s.Suspend && run.Subscriptions.ContainsKey(s.Slot)))
        {
            await api.EnsureStatusAsync("subscriptions", Subscriptions, run.Subscriptions[s.Slot], "ACTIVE", "SUSPENDED", HttpMethod.Put, "status", cancel);
        }

        if (run.Plan.FinalStatus is { } status)
        {
            await api.EnsureStatusAsync("customers", Customers, run.Customer!, "ACTIVE", status, HttpMethod.Put, "status", cancel);
        }
    }

    // ------------------------------------------------------------------------------------------------ summary

    private async Task<Dictionary<string, long?>> CountAsync(CancellationToken cancel)
    {
        var counts = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var (resource, path) in Counted)
        {
            var answer = await api.GetAsync(path, cancel);
            counts[resource] = answer.Ok ? (long?)(answer.Body?["total"] ?? answer.Body?["totalElements"]) : null;
        }

        return counts;
    }

    private int Summarize(Dictionary<string, long?> before, Dictionary<string, long?> after)
    {
        var tallies = api.Tallies;
        var requests = api.Requests;
        output.WriteLine();
        output.WriteLine($"{"resource",-20} {"before",9} {"after",9} {"created",9} {"replayed",9} {"changed",9} {"failed",7}");
        var names = Counted.Select(c => c.Resource).Concat(tallies.Keys.Where(k => Counted.All(c => c.Resource != k)).Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            var t = tallies.GetValueOrDefault(name) ?? new Tally();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-20} {Show(before.GetValueOrDefault(name)),9} {Show(after.GetValueOrDefault(name)),9} {t.Created,9:N0} {t.Replayed,9:N0} {t.Changed,9:N0} {t.Failed,7:N0}"));
        }

        var sum = (Func<Tally, int> f) => tallies.Values.Sum(f);
        var seconds = _clock.Elapsed.TotalSeconds;
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded in {seconds:0.0} s: {requests:N0} requests, {requests / Math.Max(seconds, 0.001):N0} req/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"summary: created {sum(t => t.Created)}, replayed {sum(t => t.Replayed)}, changed {sum(t => t.Changed)}, failed {sum(t => t.Failed)}"));
        return sum(t => t.Failed) == 0 ? 0 : 1;
    }

    private static string Show(long? count) => count is { } c ? c.ToString("N0", CultureInfo.InvariantCulture) : "-";
}
