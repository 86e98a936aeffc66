using System;
using System.Buffers;

namespace Caching;

/// <summary>Encodes values with their <see cref="CacheEntryHeader"/> and decodes them, never throwing on bad input.</summary>
internal static class CacheEntryCodec
{
    public static byte[] Encode<T>(T value, ICacheSerializer<T> serializer, uint schemaHash, long logicalExpiryUnixMs)
    {
        if (value is null)
        {
            var nullEntry = new byte[CacheEntryHeader.Size];
            new CacheEntryHeader(CacheEntryFlags.Null, schemaHash, logicalExpiryUnixMs, 0).Write(nullEntry);
            return nullEntry;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Advance(CacheEntryHeader.Size); // room for the header, written once the payload length is known
        serializer.Serialize(value, buffer);
        var entry = buffer.WrittenSpan.ToArray();
        new CacheEntryHeader(CacheEntryFlags.None, schemaHash, logicalExpiryUnixMs, entry.Length - CacheEntryHeader.Size).Write(entry);
        return entry;
    }

    public static CacheEntryStatus TryDecode<T>(
        ReadOnlySpan<byte> entry, ICacheSerializer<T> serializer, uint schemaHash, long nowUnixMs, out T? value, out Exception? error)
    {
        value = default;
        error = null;
        var status = CacheEntryHeader.TryRead(entry, out var header);
        if (status != CacheEntryStatus.Hit)
        {
            return status;
        }

        if (header.SchemaHash != schemaHash)
        {
            return CacheEntryStatus.SchemaMismatch;
        }

        if (header.LogicalExpiryUnixMs <= nowUnixMs)
        {
            return CacheEntryStatus.Expired;
        }

        if ((header.Flags & CacheEntryFlags.Null) != 0)
        {
            // A null for a non-nullable value type cannot have been written by us for this method.
            return default(T) is null && header.PayloadLength == 0 ? CacheEntryStatus.Hit : CacheEntryStatus.Corrupt;
        }

        try
        {
            value = serializer.Deserialize(entry.Slice(CacheEntryHeader.Size));
            return CacheEntryStatus.Hit;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = ex;
            return CacheEntryStatus.Corrupt;
        }
    }
}
