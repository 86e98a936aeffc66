using System;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching.Resilience.Tests.Entries;

/// <summary>What a hostile world can leave under the key of a hash-layout entry.</summary>
public enum HashDamage
{
    NoHeaderField,
    HeaderMagicFlipped,
    HeaderSchemaFlipped,
    HeaderTruncated,
    HeaderRandomBytes,
    FieldMissing,
    FieldUnparseable,
    PlainStringAtTheKey,
    StringEntryOfOursAtTheKey,
    ListAtTheKey,
}

/// <summary>Writes the damage straight into Redis, keeping a TTL, as another writer would.</summary>
internal static class HashLayoutDamage
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    public static async Task ApplyAsync(IDatabase database, RedisKey key, HashDamage damage)
    {
        var header = (byte[])(await database.HashGetAsync(key, "#h"))!;
        switch (damage)
        {
            case HashDamage.NoHeaderField:
                await database.HashDeleteAsync(key, "#h");
                break;
            case HashDamage.HeaderMagicFlipped:
                header[0] ^= 0xFF;
                await database.HashSetAsync(key, "#h", header);
                break;
            case HashDamage.HeaderSchemaFlipped:
                header[6] ^= 0x33;
                await database.HashSetAsync(key, "#h", header);
                break;
            case HashDamage.HeaderTruncated:
                await database.HashSetAsync(key, "#h", header[..(header.Length / 2)]);
                break;
            case HashDamage.HeaderRandomBytes:
                var random = new byte[header.Length];
                new Random(9).NextBytes(random);
                await database.HashSetAsync(key, "#h", random);
                break;
            case HashDamage.FieldMissing:
                await database.HashDeleteAsync(key, "Name");
                break;
            case HashDamage.FieldUnparseable:
                await database.HashSetAsync(key, "Points", "twelve");
                break;
            case HashDamage.PlainStringAtTheKey:
                await database.StringSetAsync(key, "another application's value", Ttl);
                break;
            case HashDamage.StringEntryOfOursAtTheKey:
                // A string-layout entry (the layout changed between deploys): our magic, but a string, not a hash.
                var entry = new byte[24];
                entry[0] = 0xCA;
                entry[1] = 1;
                entry[16] = 4;
                "{}  "u8.CopyTo(entry.AsSpan(20));
                await database.StringSetAsync(key, entry, Ttl);
                break;
            case HashDamage.ListAtTheKey:
                await database.KeyDeleteAsync(key);
                await database.ListRightPushAsync(key, ["a", "b"]);
                await database.KeyExpireAsync(key, Ttl);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }
}
