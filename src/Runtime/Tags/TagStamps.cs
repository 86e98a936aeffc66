using System;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// Tag invalidation by stamps (see <c>docs/design/tags.md</c>): each tag has one small key holding a random stamp,
/// replaced by every invalidation of the tag. An entry records the digest of its tags' stamps as they were before
/// its value was computed; a reader recomputes the digest from the stamps it sees now, and any difference is a miss.
/// </summary>
internal static class TagStamps
{
    /// <summary>The Redis key of a tag's stamp. Entry keys end in '#' and eight hex digits, so they never end in "#tag".</summary>
    public static string Key(string keyPrefix, string tag) => string.Concat(keyPrefix, "tag:", tag, "#tag");

    /// <summary>A fresh stamp: 16 random bytes, so no invalidation ever repeats an earlier stamp.</summary>
    public static byte[] NewStamp()
    {
        var stamp = new byte[16];
        Random.Shared.NextBytes(stamp);
        return stamp;
    }

    /// <summary>
    /// The digest of (tag, stamp) pairs, independent of their order: the sum of one XxHash64 per pair. A missing
    /// stamp (a tag never invalidated, or invalidated longer ago than any tagged entry lives) hashes differently
    /// from every stamp.
    /// </summary>
    public static ulong Digest(ReadOnlySpan<string> tags, ReadOnlySpan<RedisValue> stamps)
    {
        var hasher = new XxHash64();
        ulong sum = 0;
        Span<byte> marker = stackalloc byte[1];
        for (var i = 0; i < tags.Length; i++)
        {
            hasher.Append(MemoryMarshal.AsBytes(tags[i].AsSpan()));
            marker[0] = stamps[i].IsNull ? (byte)0 : (byte)1;
            hasher.Append(marker);
            if (!stamps[i].IsNull)
            {
                hasher.Append(((ReadOnlyMemory<byte>)stamps[i]).Span);
            }

            sum += hasher.GetCurrentHashAsUInt64();
            hasher.Reset();
        }

        return sum;
    }
}
