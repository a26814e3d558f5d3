using Bss.Abstractions.Common;
using Bss.Abstractions.Customers;
using Bss.Abstractions.ServiceActivations;
using Bss.Abstractions.Services;
using Bss.Domain.Common;
using Bss.Domain.ServiceActivations;
using Bss.Grains.Common;
using Bss.ReadSide;
using Npgsql;
using NpgsqlTypes;
using Orleans.Concurrency;

namespace Bss.Grains.ServiceActivations;

/// <summary>Lists activations and checks eligibility from the documents read table; a local stateless worker.</summary>
[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("service-activation-query")]
public sealed class ServiceActivationQueryGrain(DocumentStore documents, NpgsqlDataSource database) : Grain, IServiceActivationQueryGrain
{
    public const string Kind = "service-activation";

    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("startDate", DocumentQuery.Text("startDate")),
        ("serviceCode", DocumentQuery.Text("serviceCode")));

    public async Task<Page<ServiceActivationView>> SearchAsync(ServiceActivationSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery(Kind, search.Page, Sorts)
            .WhereCustomer(search.CustomerId)
            .WhereText("serviceId", search.ServiceId?.ToString())
            .WhereStatus(search.Status);
        var page = await documents.SearchAsync<ServiceActivationState>(query, cancellationToken);
        return page.Map(ServiceActivationView.From);
    }

    public async Task<Eligibility> CheckEligibilityAsync(Guid customerId, string serviceCode)
    {
        var serviceId = await GrainFactory.GetGrain<IServiceQueryGrain>(0).FindIdByCodeAsync(serviceCode);
        var customerTask = GrainFactory.GetGrain<ICustomerGrain>(customerId).GetAsync();
        var serviceTask = serviceId is { } id ? GrainFactory.GetGrain<IServiceGrain>(id).GetAsync() : Task.FromResult<ServiceView?>(null);
        var openTask = serviceId is { } sid ? HasOpenActivationAsync(customerId, sid) : Task.FromResult(false);
        var (customer, service, open) = (await customerTask, await serviceTask, await openTask);

        var reasons = ServiceActivation.Reasons(new EligibilityFacts(customerId, customer?.Status, serviceCode, service?.Status,
            service?.ActiveCustomerCount ?? 0, service?.MaxCustomerCount, open));
        return new Eligibility(reasons.Count == 0, reasons);
    }

    private async Task<bool> HasOpenActivationAsync(Guid customerId, Guid serviceId)
    {
        await using var command = database.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM documents
                           WHERE kind = @kind AND customer_id = @customer AND doc ->> 'serviceId' = @service AND status = ANY(@open))
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("kind", Kind));
        command.Parameters.Add(new NpgsqlParameter<Guid>("customer", customerId));
        command.Parameters.Add(new NpgsqlParameter<string>("service", serviceId.ToString()));
        command.Parameters.Add(new NpgsqlParameter("open", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = ServiceActivation.Open.Select(s => EnumText.Code(s)).ToArray(),
        });
        return await command.ExecuteScalarAsync() is true;
    }
}
