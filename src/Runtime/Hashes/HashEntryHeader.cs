using System;
using System.Buffers.Binary;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// The reserved field <c>#h</c> of a hash-layout entry (a C# property name cannot contain <c>#</c>, so it never
/// collides): magic <c>0xCA</c> (1) · hash format version (1) · flags, none defined (1) · reserved (1) · schema hash
/// (4) · logical expiry, Unix ms (8) · write id (8, random: every write's header differs, so a fill can compare-and-set
/// against exactly what it read) · null map (one bit per property, in field order; a set bit = the property is null
/// and its field is absent). Integers little-endian. See <c>docs/design/hash-layout.md</c>.
/// </summary>
internal static class HashEntryHeader
{
    public const string FieldName = "#h";
    public static readonly RedisValue Field = FieldName;
    public const byte Version = 1;
    private const int FixedSize = 24;

    public static int Size(int fieldCount) => FixedSize + ((fieldCount + 7) / 8);

    /// <summary>Flag: the cached value itself is null; the hash has no other field.</summary>
    public const byte NullValueFlag = 1;

    /// <summary>
    /// The header of a value whose fields are <paramref name="values"/> (null ones marked in the null map), or of a
    /// null value (<paramref name="nullValue"/>; the map is then all clear and no field is written).
    /// </summary>
    public static byte[] Write(uint schemaHash, long logicalExpiryUnixMs, ReadOnlySpan<RedisValue> values, int fieldCount, bool nullValue)
    {
        var header = new byte[Size(fieldCount)];
        header[0] = CacheEntryHeader.Magic;
        header[1] = Version;
        header[2] = nullValue ? NullValueFlag : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), schemaHash);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), logicalExpiryUnixMs);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), Random.Shared.NextInt64());
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].IsNull)
            {
                header[FixedSize + (i / 8)] |= (byte)(1 << (i % 8));
            }
        }

        return header;
    }

    /// <summary>
    /// Checks a header read with the field values it covers: a hit needs our magic, version and no unknown flag, the
    /// expected schema, a logical expiry after now, a null map of the right length, and every value present exactly
    /// when the map says it is not null. <paramref name="values"/> are (field index, value) pairs, so a single-field
    /// read checks just its field.
    /// </summary>
    public static CacheEntryStatus Check(RedisValue header, uint schemaHash, long nowUnixMs, int fieldCount, ReadOnlySpan<RedisValue> values, int firstField)
    {
        if (header.IsNull)
        {
            // A hash we did not write, or one missing its header: nothing in it can be trusted.
            return CacheEntryStatus.Foreign;
        }

        var bytes = ((ReadOnlyMemory<byte>)header).Span;
        if (bytes.Length < FixedSize || bytes[0] != CacheEntryHeader.Magic || (bytes[2] & ~NullValueFlag) != 0)
        {
            return CacheEntryStatus.Foreign;
        }

        if (bytes[1] != Version)
        {
            return CacheEntryStatus.UnknownFormatVersion;
        }

        if (bytes.Length != Size(fieldCount))
        {
            return CacheEntryStatus.SchemaMismatch;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(4)) != schemaHash)
        {
            return CacheEntryStatus.SchemaMismatch;
        }

        if (BinaryPrimitives.ReadInt64LittleEndian(bytes.Slice(8)) <= nowUnixMs)
        {
            return CacheEntryStatus.Expired;
        }

        if (IsNullValue(bytes))
        {
            // A cached null: no field may be there.
            foreach (var value in values)
            {
                if (!value.IsNull)
                {
                    return CacheEntryStatus.Corrupt;
                }
            }

            return CacheEntryStatus.Hit;
        }

        for (var i = 0; i < values.Length; i++)
        {
            var index = firstField + i;
            var isNull = (bytes[FixedSize + (index / 8)] & (1 << (index % 8))) != 0;
            if (isNull != values[i].IsNull)
            {
                // A field missing that should be there (or one there that should not): damaged, or written by hand.
                return CacheEntryStatus.Truncated;
            }
        }

        return CacheEntryStatus.Hit;
    }

    /// <summary>Whether a checked header is that of a cached null.</summary>
    public static bool IsNullValue(ReadOnlySpan<byte> header) => (header[2] & NullValueFlag) != 0;
}
