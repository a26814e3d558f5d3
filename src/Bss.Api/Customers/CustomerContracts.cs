using Bss.Abstractions.Customers;
using Bss.Api.Security;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Customers;

/// <summary>POST body.</summary>
public sealed record CreateCustomerRequest(
    string? FirstName,
    string? LastName,
    string? Pesel,
    string? Nip,
    string? Email,
    string? Phone)
{
    public CustomerDetails ToDetails() => new(FirstName, LastName, Email, Pesel, Nip, Phone);
}

/// <summary>PUT /{id} body: the full details and the version they were read at.</summary>
public sealed record UpdateCustomerRequest(
    string? Id,
    string? FirstName,
    string? LastName,
    string? Pesel,
    string? Nip,
    string? Email,
    string? Phone,
    int? Version)
{
    public CustomerDetails ToDetails() => new(FirstName, LastName, Email, Pesel, Nip, Phone);
}

/// <summary>PUT /{id}/status body.</summary>
public sealed record ChangeCustomerStatusRequest(string? Id, string? Status, int? Version);

public sealed record CustomerResponse(
    Guid Id,
    string FirstName,
    string LastName,
    string? Pesel,
    string? Nip,
    string Email,
    string? Phone,
    string Status,
    string StatusDisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static CustomerResponse From(CustomerView c) => new(
        c.Id, c.FirstName, c.LastName, c.Pesel, c.Nip, c.Email, c.Phone,
        EnumText.Code(c.Status), EnumText.Display(c.Status), c.CreatedAt, c.UpdatedAt, c.Version);

    /// <summary>The response as <paramref name="http"/>'s caller may see it: personal identifiers masked below OPERATOR.</summary>
    public static Func<CustomerView, CustomerResponse> For(HttpContext http) =>
        PersonalData.Visible(http) ? From : c => From(c).Masked();

    private CustomerResponse Masked() => this with
    {
        Pesel = PersonalData.Identifier(Pesel),
        Nip = PersonalData.Identifier(Nip),
        Email = PersonalData.Email(Email)!,
        Phone = PersonalData.Phone(Phone),
    };
}
