using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Bss.Identity;

/// <summary>
/// The issuer's RSA signing keys, one PEM file each in a folder. The key id is the file name without its extension;
/// the newest by ordinal file name (e.g. 2026-12-06T0930.pem) signs and every key is published, so tokens signed
/// before a rotation stay valid until they expire. Rotating = drop a newer PEM file in the folder and restart.
/// </summary>
public sealed class SigningKeys
{
    private SigningKeys(IReadOnlyList<RsaSecurityKey> newestFirst, string? createdFile)
    {
        NewestFirst = newestFirst;
        CreatedFile = createdFile;
    }

    public IReadOnlyList<RsaSecurityKey> NewestFirst { get; }

    /// <summary>The key file written at this start because the folder had none, if so.</summary>
    public string? CreatedFile { get; }

    public RsaSecurityKey Signing => NewestFirst[0];

    public static SigningKeys LoadOrCreate(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        var files = PemFiles(directory);
        string? created = null;
        if (files.Count == 0)
        {
            created = Create(directory, time);
            files = PemFiles(directory);
        }

        var keys = files
            .OrderByDescending(Path.GetFileName, StringComparer.Ordinal)
            .Select(Read)
            .ToList();
        return new SigningKeys(keys, created);
    }

    private static List<string> PemFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.pem").ToList();

    private static RsaSecurityKey Read(string file)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(File.ReadAllText(file));
        }
        catch (ArgumentException e)
        {
            rsa.Dispose();
            throw new InvalidDataException($"{file} holds no RSA private key in PEM form: {e.Message}", e);
        }

        return new RsaSecurityKey(rsa) { KeyId = Path.GetFileNameWithoutExtension(file) };
    }

    private static string Create(string directory, TimeProvider time)
    {
        var name = time.GetUtcNow().ToString("yyyy-MM-dd'T'HHmm", System.Globalization.CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, name + ".pem");
        using var rsa = RSA.Create(2048);
        // Written under a temporary name and renamed, so a reader of the folder never sees half a key.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, rsa.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path);
        return path;
    }
}
