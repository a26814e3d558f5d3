using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bss.Identity;

// The part of Keycloak's realm-export format (RealmRepresentation) this issuer serves. Property names are
// Keycloak's, so the file Keycloak imports in compose is the file read here.

public sealed record Realm(
    [property: JsonPropertyName("realm")] string Name,
    int AccessTokenLifespan,
    RealmRoles? Roles,
    IReadOnlyList<RealmClient> Clients,
    IReadOnlyList<RealmUser> Users)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static Realm Load(string path)
    {
        Realm realm;
        try
        {
            realm = JsonSerializer.Deserialize<Realm>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a realm file: {e.Message}", e);
        }

        realm.Validate(path);
        return realm;
    }

    public RealmUser? FindUser(string username) =>
        // Keycloak keeps usernames lower-case and looks them up case-insensitively.
        Users.FirstOrDefault(user => user.ServiceAccountClientId is null &&
                                     string.Equals(user.Username, username, StringComparison.OrdinalIgnoreCase));

    public RealmUser? FindServiceAccount(string clientId) =>
        Users.FirstOrDefault(user => string.Equals(user.ServiceAccountClientId, clientId, StringComparison.Ordinal));

    public RealmClient? FindClient(string clientId) =>
        Clients.FirstOrDefault(client => string.Equals(client.ClientId, clientId, StringComparison.Ordinal));

    // Mistakes in the file fail the start with the file named, instead of surfacing as refused logins later.
    private void Validate(string path)
    {
        if (AccessTokenLifespan <= 0)
        {
            throw new InvalidDataException($"{path}: accessTokenLifespan must be a positive number of seconds");
        }

        var roles = (Roles?.Realm ?? []).Select(role => role.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var user in Users)
        {
            if (!Guid.TryParse(user.Id, out _))
            {
                throw new InvalidDataException($"{path}: user '{user.Username}' needs an id (a GUID): it is the token's sub");
            }

            foreach (var role in user.RealmRoles ?? [])
            {
                if (!roles.Contains(role))
                {
                    throw new InvalidDataException($"{path}: user '{user.Username}' has realm role '{role}', which roles.realm does not define");
                }
            }

            if (user.ServiceAccountClientId is null && user.Credentials?.Any(c => c.IsPassword && c.Value is null) == true)
            {
                throw new InvalidDataException($"{path}: user '{user.Username}': only password credentials given as 'value' (plain text) are supported");
            }
        }

        foreach (var client in Clients.Where(client => client.ServiceAccountsEnabled))
        {
            if (FindServiceAccount(client.ClientId) is null)
            {
                throw new InvalidDataException($"{path}: client '{client.ClientId}' has serviceAccountsEnabled but no user has serviceAccountClientId '{client.ClientId}'");
            }
        }

        foreach (var client in Clients.Where(client => !client.PublicClient && client.IsEnabled))
        {
            if (string.IsNullOrEmpty(client.Secret))
            {
                throw new InvalidDataException($"{path}: confidential client '{client.ClientId}' has no secret");
            }
        }
    }
}

public sealed record RealmRoles(IReadOnlyList<RealmRole>? Realm);

public sealed record RealmRole(string Name);

public sealed record RealmClient(
    string ClientId,
    bool? Enabled,
    bool PublicClient,
    string? Secret,
    bool StandardFlowEnabled,
    bool DirectAccessGrantsEnabled,
    bool ServiceAccountsEnabled,
    IReadOnlyList<RealmProtocolMapper>? ProtocolMappers)
{
    // Keycloak treats a client without "enabled" as enabled.
    public bool IsEnabled => Enabled ?? true;

    /// <summary>What Keycloak's audience mappers of this client put into access tokens' aud.</summary>
    public IEnumerable<string> AccessTokenAudiences =>
        (ProtocolMappers ?? [])
            .Where(mapper => mapper.ProtocolMapper == "oidc-audience-mapper" && mapper.IsOn("access.token.claim"))
            .Select(mapper => mapper.Config?.GetValueOrDefault("included.custom.audience")
                              ?? mapper.Config?.GetValueOrDefault("included.client.audience"))
            .OfType<string>()
            .Where(audience => audience.Length > 0)
            .Distinct(StringComparer.Ordinal);
}

public sealed record RealmProtocolMapper(string Name, string ProtocolMapper, IReadOnlyDictionary<string, string>? Config)
{
    // Keycloak's mapper settings are strings; an absent one counts as on, as in Keycloak's own defaults.
    public bool IsOn(string setting) =>
        Config?.GetValueOrDefault(setting) is not { } value || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}

public sealed record RealmUser(
    string? Id,
    string Username,
    bool? Enabled,
    string? Email,
    bool? EmailVerified,
    string? FirstName,
    string? LastName,
    IReadOnlyList<RealmCredential>? Credentials,
    IReadOnlyList<string>? RealmRoles,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Attributes,
    string? ServiceAccountClientId)
{
    // Keycloak imports a user without "enabled" as disabled.
    public bool IsEnabled => Enabled ?? false;

    public string? Attribute(string name) => Attributes?.GetValueOrDefault(name) is [var first, ..] ? first : null;

    public bool HasPassword(string password)
    {
        var given = Encoding.UTF8.GetBytes(password);
        return (Credentials ?? [])
            // A temporary password must be changed first, which Keycloak refuses a password grant for; so does this issuer.
            .Where(credential => credential.IsPassword && !credential.Temporary && credential.Value is not null)
            .Any(credential => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credential.Value!), given));
    }
}

public sealed record RealmCredential(string Type, string? Value, bool Temporary)
{
    public bool IsPassword => string.Equals(Type, "password", StringComparison.Ordinal);
}
