using System;
using System.Globalization;
using System.Text;

namespace TagDesigns.Designs;

/// <summary>The keys, value and TTL every design stores, so only the tag bookkeeping differs between them.</summary>
internal static class BenchEntries
{
    /// <summary>Entries live ten minutes: far below the stamps' one-day cap, so no design is clamped.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    /// <summary>A 64-character value; with the runtime's 20-byte header an untagged entry is 84 bytes.</summary>
    public static readonly string Value = new('v', 64);

    /// <summary>The prototypes store raw bytes of the size of the runtime's untagged entry (header + value).</summary>
    public static readonly byte[] RawEntry = Encoding.ASCII.GetBytes(new string('h', 20) + Value);

    /// <summary>
    /// The key of entry <paramref name="index"/> of a design, shaped like a generated key (schema-hash suffix). The
    /// space keeps designs that share a server apart (the interleaved read comparison).
    /// </summary>
    public static string Key(string space, int index) => "bench:" + space + ":item:" + index.ToString(CultureInfo.InvariantCulture) + "#5eed0001";
}
