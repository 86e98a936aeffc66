using System;
using System.Buffers.Binary;
using System.Text;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching.Resilience.Tests.Entries;

/// <summary>What a hostile world can leave under the key of a string-layout (JSON, maybe compressed) entry.</summary>
public enum StringDamage
{
    RandomBytes,
    EmptyValue,
    PlainString,
    JsonOfAnotherShape,
    MagicFlipped,
    VersionFlipped,
    UnknownFlagSet,
    SchemaFlipped,
    PayloadLengthFlipped,
    PayloadFirstByteFlipped,
    PayloadLastByteFlipped,
    TruncatedByOne,
    TruncatedInHeader,
    OneTrailingByte,
    HashAtTheKey,
    ListAtTheKey,
    SetAtTheKey,
}

/// <summary>Damage done to a compressed entry (LZ4 block after the 4-byte uncompressed length).</summary>
public enum CompressedDamage
{
    BlockTruncated,
    BlockMiddleFlipped,
    BlockFirstByteFlipped,
    UncompressedLengthHuge,
    UncompressedLengthSmaller,
    CompressedFlagCleared,
}

/// <summary>Writes the damage straight into Redis, keeping a TTL, as another writer would.</summary>
internal static class StringLayoutDamage
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    public static async Task ApplyAsync(IDatabase database, RedisKey key, byte[] good, StringDamage damage)
    {
        switch (damage)
        {
            case StringDamage.HashAtTheKey:
                await database.KeyDeleteAsync(key);
                await database.HashSetAsync(key, [new HashEntry("Id", 1), new HashEntry("Name", "another app")]);
                await database.KeyExpireAsync(key, Ttl);
                return;
            case StringDamage.ListAtTheKey:
                await database.KeyDeleteAsync(key);
                await database.ListRightPushAsync(key, ["a", "b"]);
                await database.KeyExpireAsync(key, Ttl);
                return;
            case StringDamage.SetAtTheKey:
                await database.KeyDeleteAsync(key);
                await database.SetAddAsync(key, ["a", "b"]);
                await database.KeyExpireAsync(key, Ttl);
                return;
            default:
                await database.StringSetAsync(key, Damaged(good, damage), Ttl);
                return;
        }
    }

    public static async Task ApplyAsync(IDatabase database, RedisKey key, byte[] good, CompressedDamage damage)
        => await database.StringSetAsync(key, Damaged(good, damage), Ttl);

    private static byte[] Damaged(byte[] good, StringDamage damage)
    {
        var bytes = (byte[])good.Clone();
        switch (damage)
        {
            case StringDamage.RandomBytes:
                var random = new byte[good.Length];
                new Random(8).NextBytes(random);
                return random;
            case StringDamage.EmptyValue:
                return [];
            case StringDamage.PlainString:
                return Encoding.UTF8.GetBytes("another application's plain string value");
            case StringDamage.JsonOfAnotherShape:
                return Encoding.UTF8.GetBytes("{\"user\":\"x\",\"roles\":[\"admin\"],\"Id\":1}");
            case StringDamage.MagicFlipped:
                bytes[0] ^= 0xFF;
                return bytes;
            case StringDamage.VersionFlipped:
                bytes[1] ^= 0x02;
                return bytes;
            case StringDamage.UnknownFlagSet:
                bytes[2] |= 0x80;
                return bytes;
            case StringDamage.SchemaFlipped:
                bytes[5] ^= 0x5A;
                return bytes;
            case StringDamage.PayloadLengthFlipped:
                bytes[17] ^= 0x01;
                return bytes;
            case StringDamage.PayloadFirstByteFlipped:
                bytes[20] ^= 0xFF;
                return bytes;
            case StringDamage.PayloadLastByteFlipped:
                bytes[^1] ^= 0xFF;
                return bytes;
            case StringDamage.TruncatedByOne:
                return good[..^1];
            case StringDamage.TruncatedInHeader:
                return good[..11];
            case StringDamage.OneTrailingByte:
                return [.. good, (byte)' '];
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }

    // Offsets for an untagged entry without refresh-ahead: the 20-byte header, the 4-byte uncompressed length, the block.
    private static byte[] Damaged(byte[] good, CompressedDamage damage)
    {
        const int lengthOffset = 20;
        const int blockOffset = 24;
        var bytes = (byte[])good.Clone();
        switch (damage)
        {
            case CompressedDamage.BlockTruncated:
                // Both the block and the header's payload length agree, so only the block itself can tell.
                var cut = good[..^7];
                BinaryPrimitives.WriteInt32LittleEndian(cut.AsSpan(16), cut.Length - blockOffset);
                return cut;
            case CompressedDamage.BlockMiddleFlipped:
                for (var i = blockOffset + (good.Length - blockOffset) / 2; i < blockOffset + (good.Length - blockOffset) / 2 + 8; i++)
                {
                    bytes[i] ^= 0xA5;
                }

                return bytes;
            case CompressedDamage.BlockFirstByteFlipped:
                bytes[blockOffset] ^= 0xFF;
                return bytes;
            case CompressedDamage.UncompressedLengthHuge:
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(lengthOffset), int.MaxValue);
                return bytes;
            case CompressedDamage.UncompressedLengthSmaller:
                var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(lengthOffset));
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(lengthOffset), length - 1);
                return bytes;
            case CompressedDamage.CompressedFlagCleared:
                bytes[2] &= unchecked((byte)~0x10);
                return bytes;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }
}
