namespace Bss.Identity;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information,
        "OpenID Connect issuer {Issuer} (realm {Realm}, {Users} users, clients {Clients}); signing key {SigningKeyId}, published keys {KeyIds}")]
    public static partial void Started(ILogger logger, Uri issuer, string realm, int users, string clients, string signingKeyId, string keyIds);

    [LoggerMessage(2, LogLevel.Information, "No signing key in the keys folder: created {File}")]
    public static partial void KeyCreated(ILogger logger, string file);

    [LoggerMessage(3, LogLevel.Information, "Password grant refused for user '{Username}' (client {ClientId}): unknown user, disabled user or wrong password")]
    public static partial void LoginRefused(ILogger logger, string? username, string clientId);
}
