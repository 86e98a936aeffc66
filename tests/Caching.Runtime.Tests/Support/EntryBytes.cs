using System;
using System.Buffers.Binary;

namespace Caching.Runtime.Tests.Support;

/// <summary>
/// Builds stored entries byte by byte from the documented layout (magic · version · flags · reserved · schema hash ·
/// logical expiry · payload length, little-endian), independently of the runtime's codec, so tests can forge bad ones.
/// </summary>
internal static class EntryBytes
{
    public const int HeaderSize = 20;
    public const byte Magic = 0xCA;
    public const byte Version = 1;
    public const byte NullFlag = 1;
    public const byte RefreshAtFlag = 8;

    public static byte[] Build(
        uint schemaHash, ReadOnlySpan<byte> payload, byte magic = Magic, byte version = Version, byte flags = 0,
        long? logicalExpiryUnixMs = null, int? declaredLength = null)
    {
        var entry = new byte[HeaderSize + payload.Length];
        entry[0] = magic;
        entry[1] = version;
        entry[2] = flags;
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), schemaHash);
        BinaryPrimitives.WriteInt64LittleEndian(
            entry.AsSpan(8), logicalExpiryUnixMs ?? DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(16), declaredLength ?? payload.Length);
        payload.CopyTo(entry.AsSpan(HeaderSize));
        return entry;
    }

    public static uint SchemaHash(byte[] entry) => BinaryPrimitives.ReadUInt32LittleEndian(entry.AsSpan(4));

    public static long LogicalExpiryUnixMs(byte[] entry) => BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(8));

    public static int PayloadLength(byte[] entry) => BinaryPrimitives.ReadInt32LittleEndian(entry.AsSpan(16));
}
