using System.ComponentModel.DataAnnotations;

namespace Bss.Identity;

/// <summary>The "Identity" configuration section: where this issuer says it lives and what it reads at start.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Identity";

    /// <summary>Full issuer URL, e.g. http://127.0.0.1:58190/realms/bss; the endpoints live under its path.</summary>
    [Required]
    public Uri? Issuer { get; set; }

    /// <summary>The realm in Keycloak's realm-export format (dev/identity/realm-bss.json).</summary>
    [Required]
    public string? RealmFile { get; set; }

    /// <summary>Folder of RSA private keys as PEM files; the newest by file name signs, all are published.</summary>
    [Required]
    public string? KeysDirectory { get; set; }

    public static IdentitySettings Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<IdentitySettings>() ?? new IdentitySettings();
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        if (!settings.Issuer!.IsAbsoluteUri)
        {
            throw new ValidationException($"{Section}:Issuer must be an absolute URL (got '{settings.Issuer}')");
        }

        return settings;
    }
}
