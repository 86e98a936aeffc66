using System;
using System.Text;

namespace Caching;

/// <summary>
/// The messages stores exchange over pub/sub to keep L1 caches coherent: one kind character, the sending store's
/// 16-byte id, then the text. <c>k</c> a key, <c>t</c> a tag, <c>p</c> a pattern (every L1 is cleared), <c>r</c> a
/// readiness probe a store sends itself to learn that its subscription works. A store ignores its own
/// invalidations: it evicted its L1 before publishing, and hearing them again would only turn away fills that
/// started after that.
/// </summary>
internal static class LocalInvalidation
{
    public const char Key = 'k';
    public const char Tag = 't';
    public const char Pattern = 'p';
    public const char Probe = 'r';

    private const int HeaderSize = 1 + 16;

    public static byte[] Encode(char kind, Guid sender, string text)
    {
        var bytes = new byte[HeaderSize + Encoding.UTF8.GetByteCount(text)];
        bytes[0] = (byte)kind;
        sender.TryWriteBytes(bytes.AsSpan(1));
        Encoding.UTF8.GetBytes(text, bytes.AsSpan(HeaderSize));
        return bytes;
    }

    /// <summary>The kind, sender and text of <paramref name="message"/>; kind is <c>'\0'</c> when it is none of ours.</summary>
    public static (char Kind, Guid Sender, string Text) Decode(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderSize || message[0] is not ((byte)Key or (byte)Tag or (byte)Pattern or (byte)Probe))
        {
            return ('\0', Guid.Empty, "");
        }

        return ((char)message[0], new Guid(message.Slice(1, 16)), Encoding.UTF8.GetString(message.Slice(HeaderSize)));
    }
}
