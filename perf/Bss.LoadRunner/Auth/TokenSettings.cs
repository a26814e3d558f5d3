namespace Bss.ClientAuth;

/// <summary>
/// Where a tool gets its access token, and as whom: the client's own service account (client credentials), or a
/// user by the password grant when a username is given. Shared by the load runner and the seeder (linked source).
/// </summary>
internal sealed record TokenSettings(Uri Issuer, string ClientId, string? ClientSecret, string? Username, string? Password)
{
    public const string DefaultClientId = "bss-backend";

    public const string Usage = """
        token options (every API request carries a bearer token from the issuer, obtained the way a client does):
          --issuer URL         the OIDC issuer (default $BSS_OIDC_ISSUER, which `dev/services env run` exports)
          --client-id ID       default $BSS_OIDC_CLIENT_ID, else bss-backend
          --client-secret S    default $BSS_OIDC_CLIENT_SECRET (the environment keeps it out of `ps`)
          --username U         with --password: a user's token by the password grant (default $BSS_OIDC_USERNAME,
          --password P         $BSS_OIDC_PASSWORD); without them the client's own token, by client credentials
        """;

    /// <summary>The command-line options this record takes; a tool's parser hands their values to <see cref="From"/>.</summary>
    public static readonly IReadOnlySet<string> OptionNames =
        new HashSet<string>(["--issuer", "--client-id", "--client-secret", "--username", "--password"], StringComparer.Ordinal);

    public bool UsesPasswordGrant => Username is not null;

    /// <summary>The settings from the options given (name → value), each missing one from the environment.</summary>
    public static TokenSettings From(IReadOnlyDictionary<string, string> given, Func<string, string?> environment)
    {
        string? Setting(string option, string variable) =>
            given.TryGetValue(option, out var value) ? value : NullIfEmpty(environment(variable));

        var issuerText = Setting("--issuer", "BSS_OIDC_ISSUER")
            ?? throw new ArgumentException("no token issuer: pass --issuer URL or set BSS_OIDC_ISSUER (eval \"$(dev/services env run)\" sets it)");
        if (!Uri.TryCreate(issuerText, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--issuer: '{issuerText}' is not an http(s) URL");
        }

        if (issuer.Scheme == "http" && !issuer.IsLoopback)
        {
            // The discovery policy refuses it too (IssuerTokenClient.PolicyFor); said here, it reads as what it is.
            throw new ArgumentException($"--issuer: '{issuerText}': plain http only for an issuer on this machine (127.0.0.1, localhost)");
        }

        var username = Setting("--username", "BSS_OIDC_USERNAME");
        var password = Setting("--password", "BSS_OIDC_PASSWORD");
        if ((username is null) != (password is null))
        {
            throw new ArgumentException("--username and --password go together (or BSS_OIDC_USERNAME and BSS_OIDC_PASSWORD)");
        }

        return new TokenSettings(issuer, Setting("--client-id", "BSS_OIDC_CLIENT_ID") ?? DefaultClientId,
            Setting("--client-secret", "BSS_OIDC_CLIENT_SECRET"), username, password);
    }

    /// <summary>The secret and the password never reach a log line or an assertion message.</summary>
    public override string ToString() =>
        $"{Issuer} as {(UsesPasswordGrant ? $"user '{Username}' via client '{ClientId}'" : $"client '{ClientId}'")}" +
        (ClientSecret is null ? "" : " (secret redacted)");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
