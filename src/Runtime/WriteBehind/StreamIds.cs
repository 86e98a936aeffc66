using System;
using System.Globalization;
using StackExchange.Redis;

namespace Caching;

/// <summary>Redis Stream entry ids (<c>milliseconds-sequence</c>): order and predecessor.</summary>
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

    /// <summary>The greatest id before <paramref name="id"/>, for a read that starts after it and must include <paramref name="id"/>.</summary>
    public static RedisValue Previous(RedisValue id)
    {
        var (milliseconds, sequence) = Parse(id);
        if (sequence > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{milliseconds}-{sequence - 1}");
        }

        return milliseconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds - 1}-{ulong.MaxValue}") : Zero;
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
