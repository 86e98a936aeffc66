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
    public static byte[] Encode<T>(T value, ICacheSerializer<T> serializer, uint schemaHash, long logicalExpiryUnixMs, ulong? tagDigest = null)
    {
        var flags = tagDigest is null ? CacheEntryFlags.None : CacheEntryFlags.Tagged;
        var prefixLength = CacheEntryHeader.Size + (tagDigest is null ? 0 : CacheEntryHeader.TagDigestSize);
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
            entry = buffer.WrittenSpan.ToArray();
        }

        new CacheEntryHeader(flags, schemaHash, logicalExpiryUnixMs, entry.Length - prefixLength).Write(entry);
        if (tagDigest is { } digest)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(CacheEntryHeader.Size), digest);
        }

        return entry;
    }

    /// <summary>The marker an invalidation leaves: a header flagged <see cref="CacheEntryFlags.Tombstone"/> and 16 random bytes.</summary>
    public static byte[] Tombstone()
    {
        var entry = new byte[CacheEntryHeader.Size + 16];
        new CacheEntryHeader(CacheEntryFlags.Tombstone, 0, 0, 16).Write(entry);
        Random.Shared.NextBytes(entry.AsSpan(CacheEntryHeader.Size));
        return entry;
    }

    /// <param name="entry">The stored bytes.</param>
    /// <param name="serializer">The value's serializer.</param>
    /// <param name="schemaHash">The expected schema hash.</param>
    /// <param name="nowUnixMs">The current time, for logical expiry.</param>
    /// <param name="tagDigest">The digest of the reader's tags' current stamps; null when the reader has no tags.</param>
    /// <param name="value">The value, on a hit.</param>
    /// <param name="error">The deserializer's exception, when the payload is corrupt.</param>
    public static CacheEntryStatus TryDecode<T>(
        ReadOnlySpan<byte> entry, ICacheSerializer<T> serializer, uint schemaHash, long nowUnixMs, ulong? tagDigest, out T? value, out Exception? error)
    {
        value = default;
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
            return CacheEntryStatus.Expired;
        }

        // A reader with tags trusts only an entry written under the same tag stamps it sees now.
        if (tagDigest is { } expected && ((header.Flags & CacheEntryFlags.Tagged) == 0
            || BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(CacheEntryHeader.Size)) != expected))
        {
            return CacheEntryStatus.TagInvalidated;
        }

        if ((header.Flags & CacheEntryFlags.Null) != 0)
        {
            // A null for a non-nullable value type cannot have been written by us for this method.
            return default(T) is null && header.PayloadLength == 0 ? CacheEntryStatus.Hit : CacheEntryStatus.Corrupt;
        }

        try
        {
            value = serializer.Deserialize(entry.Slice(CacheEntryHeader.Size + header.ExtensionLength));
            return CacheEntryStatus.Hit;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = ex;
            return CacheEntryStatus.Corrupt;
        }
    }
}
