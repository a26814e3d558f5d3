using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bss.Abstractions.Common;
using Orleans.Storage;

namespace Bss.Grains.Audit;

/// <summary>
/// Writes grain state as the inner JSON serializer does, with the actor of the current call (<see cref="Actor"/>)
/// as the first top-level property, <c>"$actor"</c>. The audit trigger (dev/postgres/012-audit.postgres.sql) reads it
/// from the row it is written with, so who made a change lands in the same statement as the change. Reading ignores
/// it: System.Text.Json skips members the state type does not have. A write without an actor is left as it is.
/// </summary>
public sealed class ActorStampingStorageSerializer(IGrainStorageSerializer inner) : IGrainStorageSerializer
{
    /// <summary>The JSON property the actor is stamped as; no state property can be named so.</summary>
    public const string Property = "$actor";

    private static readonly byte[] Opening = Encoding.UTF8.GetBytes("{\"" + Property + "\":\"");

    public BinaryData Serialize<T>(T? input)
    {
        var json = inner.Serialize(input);
        return Actor.Current is { } actor ? Stamp(json, actor) : json;
    }

    public T? Deserialize<T>(BinaryData input) => inner.Deserialize<T>(input);

    /// <summary>Splices <c>"$actor":"…",</c> in after the object's opening brace; anything but an object is left as it is.</summary>
    public static BinaryData Stamp(BinaryData json, string actor)
    {
        var bytes = json.ToMemory().Span;
        if (bytes.Length < 2 || bytes[0] != (byte)'{')
        {
            return json;
        }

        var name = JsonEncodedText.Encode(actor, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var rest = bytes[1..];
        var empty = rest[0] == (byte)'}';
        var stamped = new byte[Opening.Length + name.Length + 1 + (empty ? 0 : 1) + rest.Length];
        var at = 0;
        Opening.CopyTo(stamped, at);
        at += Opening.Length;
        name.CopyTo(stamped.AsSpan(at));
        at += name.Length;
        stamped[at++] = (byte)'"';
        if (!empty)
        {
            stamped[at++] = (byte)',';
        }

        rest.CopyTo(stamped.AsSpan(at));
        return new BinaryData(stamped);
    }
}
