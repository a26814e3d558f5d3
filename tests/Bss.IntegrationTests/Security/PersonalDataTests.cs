using System.Net;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Security;

/// <summary>PESEL, NIP, phone and e-mail in full for OPERATOR and above; masked for VIEWER and ANALYST, who cannot search by them.</summary>
[Collection(ApiCluster.Name)]
public class PersonalDataTests(ApiClusterFixture cluster)
{
    [Theory]
    [InlineData(Identity.Viewer)]
    [InlineData(Identity.Analyst)]
    public async Task Customer_ReadBelowOperator_HasItsIdentifiersMasked(string reader)
    {
        var created = await cluster.Http.CreateCustomerAsync();
        using var client = cluster.Silo1.As(reader);

        using var response = await client.GetAsync($"{Api.Customers}/{created["id"]}");

        var customer = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("4405******9", (string?)customer["pesel"]);
        Assert.Equal("1234*****0", (string?)customer["nip"]);
        Assert.Equal("+48*******00", (string?)customer["phone"]);
        var email = (string)created["email"]!;
        Assert.Equal(email[0] + "***" + email[email.IndexOf('@')..], (string?)customer["email"]);
        Assert.Equal((string?)created["lastName"], (string?)customer["lastName"]);
    }

    [Fact]
    public async Task Customer_ReadByAnOperator_IsInFull()
    {
        var created = await cluster.Http.CreateCustomerAsync();
        using var client = cluster.Silo1.As(Identity.Operator);

        using var response = await client.GetAsync($"{Api.Customers}/{created["id"]}");

        var customer = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("44051401359", (string?)customer["pesel"]);
        Assert.Equal((string?)created["email"], (string?)customer["email"]);
    }

    [Fact]
    public async Task CustomerList_ReadByAViewer_IsMaskedToo()
    {
        var created = await cluster.Http.CreateCustomerAsync();
        using var client = cluster.Silo1.As(Identity.Viewer);

        using var response = await client.GetAsync($"{Api.Customers}?searchTerm={created["lastName"]}");

        var page = await response.ExpectJsonAsync(HttpStatusCode.OK);
        var customer = Assert.Single(page["content"]!.AsArray())!;
        Assert.Equal("4405******9", (string?)customer["pesel"]);
    }

    [Fact]
    public async Task SearchByEmail_FindsTheCustomerForAnOperatorButNotForAViewer()
    {
        var created = await cluster.Http.CreateCustomerAsync();
        var email = Uri.EscapeDataString((string)created["email"]!);
        using var viewer = cluster.Silo1.As(Identity.Viewer);
        using var operatorClient = cluster.Silo1.As(Identity.Operator);

        using var asViewer = await viewer.GetAsync($"{Api.Customers}?searchTerm={email}");
        using var asOperator = await operatorClient.GetAsync($"{Api.Customers}?searchTerm={email}");

        Assert.Equal(0, (int?)(await asViewer.ExpectJsonAsync(HttpStatusCode.OK))["totalElements"]);
        Assert.Equal(1, (int?)(await asOperator.ExpectJsonAsync(HttpStatusCode.OK))["totalElements"]);
    }
}
