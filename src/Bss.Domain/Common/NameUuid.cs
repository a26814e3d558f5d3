using System.Security.Cryptography;
using System.Text;

namespace Bss.Domain.Common;

/// <summary>
/// Name-based ids: the same name gives the same id on every run and every silo (a UUID, version 8, from SHA-256).
/// What a retried or resumed step creates is keyed by such an id, so it is created once.
/// </summary>
public static class NameUuid
{
    public static Guid From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
