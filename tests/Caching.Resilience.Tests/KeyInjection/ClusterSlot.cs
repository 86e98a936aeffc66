using System;
using System.Text;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// The Redis Cluster hash slot of a key, computed as the cluster specification says: CRC16 (XMODEM: polynomial
/// 0x1021, initial value 0) of the key's UTF-8 bytes modulo 16384, where a key holding a '{' followed later by a '}'
/// with at least one byte between them hashes only those bytes (the first '{' and the first '}' after it).
/// Written independently of StackExchange.Redis and cross-checked against CLUSTER KEYSLOT of a real cluster.
/// </summary>
internal static class ClusterSlot
{
    public static int Of(string key) => Of(Encoding.UTF8.GetBytes(key));

    public static int Of(ReadOnlySpan<byte> key) => Crc16(HashedPart(key)) & 16383;

    /// <summary>The bytes the slot is computed over: the hash tag's content, or the whole key.</summary>
    public static ReadOnlySpan<byte> HashedPart(ReadOnlySpan<byte> key)
    {
        var open = key.IndexOf((byte)'{');
        if (open < 0)
        {
            return key;
        }

        var close = key[(open + 1)..].IndexOf((byte)'}');
        return close <= 0 ? key : key.Slice(open + 1, close);
    }

    /// <summary>Whether Redis would hash only a tag of <paramref name="key"/>, and which.</summary>
    public static string? HashTag(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        var part = HashedPart(bytes);
        return part.Length == bytes.Length ? null : Encoding.UTF8.GetString(part);
    }

    private static int Crc16(ReadOnlySpan<byte> bytes)
    {
        var crc = 0;
        foreach (var b in bytes)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }

            crc &= 0xFFFF;
        }

        return crc;
    }
}
