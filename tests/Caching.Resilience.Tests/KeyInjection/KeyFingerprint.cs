using System;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// A 64-bit fingerprint of an argument tuple, the value the test repositories cache: reading a key back and
/// finding another tuple's fingerprint means two tuples shared a key. Each part is hashed with its length and a
/// null marker, so ("a:b","c") and ("a","b:c"), or null and "", differ.
/// </summary>
internal static class KeyFingerprint
{
    public static long Of(int id, string? name) => Of(id.ToString(System.Globalization.CultureInfo.InvariantCulture), name);

    public static long Of(params string?[] parts)
    {
        var hash = new XxHash64();
        Span<byte> header = stackalloc byte[5];
        foreach (var part in parts)
        {
            header[0] = part is null ? (byte)0 : (byte)1;
            BitConverter.TryWriteBytes(header[1..], part?.Length ?? 0);
            hash.Append(header);
            hash.Append(MemoryMarshal.AsBytes((part ?? "").AsSpan()));
        }

        return (long)hash.GetCurrentHashAsUInt64();
    }
}
