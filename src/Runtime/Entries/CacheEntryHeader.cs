using System;
using System.Buffers.Binary;

namespace Caching;

/// <summary>
/// The fixed 20-byte header in front of every stored value:
/// magic (1) · format version (1) · flags (1) · reserved (1) · schema hash (4) · logical expiry, Unix ms (8) ·
/// payload length (4), integers little-endian. The magic and version reject foreign values, the schema hash
/// rejects values written for another shape of the type, and the length rejects truncated values. With the
/// <see cref="CacheEntryFlags.Tagged"/> flag, the 8-byte digest of the entry's tag stamps follows the header; with
/// the <see cref="CacheEntryFlags.RefreshAt"/> flag, the 8-byte refresh-ahead moment (Unix ms) follows that; with
/// <see cref="CacheEntryFlags.Compressed"/>, the 4-byte uncompressed payload length follows those; then the
/// payload (see <c>docs/design/keys-and-entries.md</c>).
/// </summary>
internal readonly record struct CacheEntryHeader(CacheEntryFlags Flags, uint SchemaHash, long LogicalExpiryUnixMs, int PayloadLength)
{
    public const int Size = 20;
    public const byte Magic = 0xCA;
    public const byte FormatVersion = 1;

    public void Write(Span<byte> destination)
    {
        destination[0] = Magic;
        destination[1] = FormatVersion;
        destination[2] = (byte)Flags;
        destination[3] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(4), SchemaHash);
        BinaryPrimitives.WriteInt64LittleEndian(destination.Slice(8), LogicalExpiryUnixMs);
        BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(16), PayloadLength);
    }

    /// <summary>
    /// Bytes between the header and the payload: the tag digest of a tagged entry, then the refresh-at moment, then
    /// the uncompressed length of a compressed payload.
    /// </summary>
    public int ExtensionLength => CompressedLengthOffset - Size + ((Flags & CacheEntryFlags.Compressed) != 0 ? EntryCompression.ExtensionSize : 0);

    /// <summary>Where the uncompressed payload length starts, when <see cref="CacheEntryFlags.Compressed"/> is set.</summary>
    public int CompressedLengthOffset => RefreshAtOffset + ((Flags & CacheEntryFlags.RefreshAt) != 0 ? RefreshAtSize : 0);

    /// <summary>Where the refresh-at moment starts, when <see cref="CacheEntryFlags.RefreshAt"/> is set.</summary>
    public int RefreshAtOffset => Size + ((Flags & CacheEntryFlags.Tagged) != 0 ? TagDigestSize : 0);

    public const int TagDigestSize = 8;

    public const int RefreshAtSize = 8;

    public static CacheEntryStatus TryRead(ReadOnlySpan<byte> source, out CacheEntryHeader header)
    {
        header = default;
        if (source.Length < Size || source[0] != Magic)
        {
            return CacheEntryStatus.Foreign;
        }

        if (source[1] != FormatVersion)
        {
            return CacheEntryStatus.UnknownFormatVersion;
        }

        // A flag this reader does not know may change how the rest reads: the entry is not ours to interpret.
        if ((source[2] & ~(byte)CacheEntryFlags.Known) != 0)
        {
            return CacheEntryStatus.Foreign;
        }

        header = new CacheEntryHeader(
            (CacheEntryFlags)source[2],
            BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(4)),
            BinaryPrimitives.ReadInt64LittleEndian(source.Slice(8)),
            BinaryPrimitives.ReadInt32LittleEndian(source.Slice(16)));
        return header.PayloadLength == source.Length - Size - header.ExtensionLength ? CacheEntryStatus.Hit : CacheEntryStatus.Truncated;
    }
}

/// <summary>Bits of the header's flags byte.</summary>
[Flags]
internal enum CacheEntryFlags : byte
{
    None = 0,

    /// <summary>The cached value is <c>null</c>; there is no payload.</summary>
    Null = 1,

    /// <summary>The digest of the entry's tag stamps follows the header.</summary>
    Tagged = 2,

    /// <summary>
    /// Not a value: the marker an invalidation leaves. Its payload is random, so each invalidation leaves a
    /// different marker and a fill that observed an older one cannot overwrite it.
    /// </summary>
    Tombstone = 4,

    /// <summary>
    /// The 8-byte moment (Unix ms, little-endian) after which a hit starts a background refresh (refresh-ahead)
    /// follows the tag digest, or the header when untagged. Written only for policies with refresh-ahead, so every
    /// other entry keeps the version 1 layout byte for byte.
    /// </summary>
    RefreshAt = 8,

    /// <summary>
    /// The payload is an LZ4 block (<c>CompressAbove</c>); its uncompressed length (4 bytes LE) is the last
    /// extension before it. A reader that predates the flag counts the payload without those 4 bytes and reads the
    /// entry as truncated (a miss), never as garbage.
    /// </summary>
    Compressed = 16,

    /// <summary>Every flag this reader knows; an entry with any other is foreign.</summary>
    Known = Null | Tagged | Tombstone | RefreshAt | Compressed,
}
