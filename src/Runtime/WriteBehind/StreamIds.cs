using System;
using System.Globalization;
using StackExchange.Redis;

namespace Caching;

/// <summary>Redis Stream entry ids (<c>milliseconds-sequence</c>), ordered as Redis orders them.</summary>
internal static class StreamIds
{
    /// <summary>The smallest id, before every entry.</summary>
    public const string Zero = "0-0";

    /// <summary>Orders two ids as Redis does: by milliseconds, then by sequence.</summary>
    public static int Compare(RedisValue left, RedisValue right)
    {
        var (leftMs, leftSeq) = Parse(left);
        var (rightMs, rightSeq) = Parse(right);
        return leftMs != rightMs ? leftMs.CompareTo(rightMs) : leftSeq.CompareTo(rightSeq);
    }

    private static (ulong Milliseconds, ulong Sequence) Parse(RedisValue id)
    {
        var text = ((string?)id).AsSpan();
        var dash = text.IndexOf('-');
        if (dash <= 0
            || !ulong.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || !ulong.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw new FormatException($"'{id}' is not a Redis Stream id.");
        }

        return (milliseconds, sequence);
    }
}
