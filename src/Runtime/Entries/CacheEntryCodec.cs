using System;
using System.Buffers;
using System.Buffers.Binary;

namespace Caching;

/// <summary>Encodes values with their <see cref="CacheEntryHeader"/> and decodes them, never throwing on bad input.</summary>
internal static class CacheEntryCodec
{
    /// <param name="value">The value.</param>
    /// <param name="serializer">Its serializer.</param>
    /// <param name="schemaHash">The compile-time hash of the value type's shape.</param>
    /// <param name="logicalExpiryUnixMs">When the value stops being fresh.</param>
    /// <param name="tagDigest">The digest of the tag stamps read before the value was computed; null for an untagged entry.</param>
    /// <param name="refreshAtUnixMs">When a hit should start a background refresh (refresh-ahead); null for none.</param>
    /// <param name="compressAbove">Compress a payload larger than this many bytes (when that makes it smaller); 0 for never.</param>
    public static byte[] Encode<T>(T value, ICacheSerializer<T> serializer, uint schemaHash, long logicalExpiryUnixMs, ulong? tagDigest = null, long? refreshAtUnixMs = null, int compressAbove = 0)
    {
        var flags = (tagDigest is null ? CacheEntryFlags.None : CacheEntryFlags.Tagged)
            | (refreshAtUnixMs is null ? CacheEntryFlags.None : CacheEntryFlags.RefreshAt);
        var prefixLength = CacheEntryHeader.Size
            + (tagDigest is null ? 0 : CacheEntryHeader.TagDigestSize)
            + (refreshAtUnixMs is null ? 0 : CacheEntryHeader.RefreshAtSize);
        byte[] entry;
        if (value is null)
        {
            flags |= CacheEntryFlags.Null;
            entry = new byte[prefixLength];
        }
        else
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            buffer.Advance(prefixLength); // room for the header and digest, written once the payload length is known
            serializer.Serialize(value, buffer);
            entry = Compress(buffer.WrittenSpan, prefixLength, compressAbove, ref flags) ?? buffer.WrittenSpan.ToArray();
        }

        var header = new CacheEntryHeader(flags, schemaHash, logicalExpiryUnixMs, entry.Length - prefixLength - ((flags & CacheEntryFlags.Compressed) != 0 ? EntryCompression.ExtensionSize : 0));
        header.Write(entry);
        if (tagDigest is { } digest)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(CacheEntryHeader.Size), digest);
        }

        if (refreshAtUnixMs is { } refreshAt)
        {
            BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(header.RefreshAtOffset), refreshAt);
        }

        return entry;
    }

    // The entry with its payload compressed (room left for the header, its extensions and the uncompressed length,
    // which is written here), or null when the payload is at most the threshold or does not shrink.
    private static byte[]? Compress(ReadOnlySpan<byte> written, int prefixLength, int threshold, ref CacheEntryFlags flags)
    {
        var payload = written.Slice(prefixLength);
        if (EntryCompression.TryCompress(payload, threshold, out var compressedLength) is not { } compressed)
        {
            return null;
        }

        var entry = new byte[prefixLength + EntryCompression.ExtensionSize + compressedLength];
        BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(prefixLength), payload.Length);
        compressed.AsSpan(0, compressedLength).CopyTo(entry.AsSpan(prefixLength + EntryCompression.ExtensionSize));
        EntryCompression.Return(compressed);
        flags |= CacheEntryFlags.Compressed;
        return entry;
    }

    /// <summary>
    /// The refresh-at moment (Unix ms) an entry records, or 0 when it records none or is not a readable entry. Read
    /// only on a hit of a refresh-ahead policy, after the entry was decoded.
    /// </summary>
    public static long RefreshAt(ReadOnlySpan<byte> entry)
        => CacheEntryHeader.TryRead(entry, out var header) == CacheEntryStatus.Hit && (header.Flags & CacheEntryFlags.RefreshAt) != 0
            ? BinaryPrimitives.ReadInt64LittleEndian(entry.Slice(header.RefreshAtOffset))
            : 0;

    /// <summary>The marker an invalidation leaves: a header flagged <see cref="CacheEntryFlags.Tombstone"/> and 16 random bytes.</summary>
    public static byte[] Tombstone()
    {
        var entry = new byte[CacheEntryHeader.Size + 16];
        new CacheEntryHeader(CacheEntryFlags.Tombstone, 0, 0, 16).Write(entry);
        Random.Shared.NextBytes(entry.AsSpan(CacheEntryHeader.Size));
        return entry;
    }

    /// <summary>Decodes a fresh entry; anything past its logical expiry is <see cref="CacheEntryStatus.Expired"/> with no value.</summary>
    /// <param name="entry">The stored bytes.</param>
    /// <param name="serializer">The value's serializer.</param>
    /// <param name="schemaHash">The expected schema hash.</param>
    /// <param name="nowUnixMs">The current time, for logical expiry.</param>
    /// <param name="tagDigest">The digest of the reader's tags' current stamps; null when the reader has no tags.</param>
    /// <param name="value">The value, on a hit.</param>
    /// <param name="error">The deserializer's exception, when the payload is corrupt.</param>
    public static CacheEntryStatus TryDecode<T>(
        ReadOnlySpan<byte> entry, ICacheSerializer<T> serializer, uint schemaHash, long nowUnixMs, ulong? tagDigest, out T? value, out Exception? error)
        => TryDecode(entry, serializer, schemaHash, nowUnixMs, 0, tagDigest, out value, out _, out _, out error);

    /// <param name="entry">The stored bytes.</param>
    /// <param name="serializer">The value's serializer.</param>
    /// <param name="schemaHash">The expected schema hash.</param>
    /// <param name="nowUnixMs">The current time, for logical expiry.</param>
    /// <param name="failSafeMs">
    /// How long past its logical expiry a value may still be served as stale (fail-safe); 0 for never. A stale value
    /// comes back with <see cref="CacheEntryStatus.Expired"/> and <paramref name="isStale"/> set, and only when every
    /// other check passes: an invalidated, tag-invalidated, foreign or corrupt entry is never a stale value.
    /// </param>
    /// <param name="tagDigest">The digest of the reader's tags' current stamps; null when the reader has no tags.</param>
    /// <param name="value">The value, on a hit or a stale read.</param>
    /// <param name="isStale">Whether <paramref name="value"/> is a stale value of an expired entry.</param>
    /// <param name="refreshAtUnixMs">When a hit should start a refresh-ahead; 0 when the entry records none.</param>
    /// <param name="error">The deserializer's exception, when the payload is corrupt.</param>
    public static CacheEntryStatus TryDecode<T>(
        ReadOnlySpan<byte> entry, ICacheSerializer<T> serializer, uint schemaHash, long nowUnixMs, long failSafeMs, ulong? tagDigest,
        out T? value, out bool isStale, out long refreshAtUnixMs, out Exception? error)
    {
        value = default;
        isStale = false;
        refreshAtUnixMs = 0;
        error = null;
        var status = CacheEntryHeader.TryRead(entry, out var header);
        if (status != CacheEntryStatus.Hit)
        {
            return status;
        }

        if ((header.Flags & CacheEntryFlags.Tombstone) != 0)
        {
            return CacheEntryStatus.Invalidated;
        }

        if (header.SchemaHash != schemaHash)
        {
            return CacheEntryStatus.SchemaMismatch;
        }

        if (header.LogicalExpiryUnixMs <= nowUnixMs)
        {
            // Past the fail-safe window too (or no fail-safe): nothing to serve. The physical TTL usually removed
            // such an entry already; the clock check holds when it did not (skew, a clock moved in tests).
            if (failSafeMs <= 0 || header.LogicalExpiryUnixMs + failSafeMs <= nowUnixMs)
            {
                return CacheEntryStatus.Expired;
            }

            isStale = true;
        }

        // A reader with tags trusts only an entry written under the same tag stamps it sees now.
        if (tagDigest is { } expected && ((header.Flags & CacheEntryFlags.Tagged) == 0
            || BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(CacheEntryHeader.Size)) != expected))
        {
            isStale = false;
            return CacheEntryStatus.TagInvalidated;
        }

        if ((header.Flags & CacheEntryFlags.RefreshAt) != 0)
        {
            refreshAtUnixMs = BinaryPrimitives.ReadInt64LittleEndian(entry.Slice(header.RefreshAtOffset));
        }

        var found = isStale ? CacheEntryStatus.Expired : CacheEntryStatus.Hit;
        if ((header.Flags & CacheEntryFlags.Null) != 0)
        {
            // A null for a non-nullable value type cannot have been written by us for this method.
            if (default(T) is null && header.PayloadLength == 0)
            {
                return found;
            }

            isStale = false;
            return CacheEntryStatus.Corrupt;
        }

        var payload = entry.Slice(CacheEntryHeader.Size + header.ExtensionLength);
        byte[]? decompressed = null;
        try
        {
            if ((header.Flags & CacheEntryFlags.Compressed) != 0)
            {
                if (!EntryCompression.TryDecompress(entry.Slice(header.CompressedLengthOffset, EntryCompression.ExtensionSize), payload, out decompressed, out var length))
                {
                    isStale = false;
                    return CacheEntryStatus.Corrupt;
                }

                payload = decompressed.AsSpan(0, length);
            }

            value = serializer.Deserialize(payload);
            return found;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            isStale = false;
            error = ex;
            return CacheEntryStatus.Corrupt;
        }
        finally
        {
            if (decompressed is { Length: > 0 })
            {
                EntryCompression.Return(decompressed);
            }
        }
    }
}
