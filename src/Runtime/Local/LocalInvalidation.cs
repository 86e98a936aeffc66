using System;
using System.Text;

namespace Caching;

/// <summary>
/// The messages stores exchange over pub/sub to keep L1 caches coherent: one kind character, then its text.
/// <c>k</c> a key, <c>t</c> a tag, <c>p</c> a pattern (every L1 is cleared), <c>r</c> a readiness probe a store
/// sends itself to learn that its subscription works.
/// </summary>
internal static class LocalInvalidation
{
    public const char Key = 'k';
    public const char Tag = 't';
    public const char Pattern = 'p';
    public const char Probe = 'r';

    public static byte[] Encode(char kind, string text)
    {
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(text)];
        bytes[0] = (byte)kind;
        Encoding.UTF8.GetBytes(text, bytes.AsSpan(1));
        return bytes;
    }

    /// <summary>The kind and text of <paramref name="message"/>; kind is <c>'\0'</c> when it is none of ours.</summary>
    public static (char Kind, string Text) Decode(ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty || message[0] is not ((byte)Key or (byte)Tag or (byte)Pattern or (byte)Probe))
        {
            return ('\0', "");
        }

        return ((char)message[0], Encoding.UTF8.GetString(message.Slice(1)));
    }
}
