using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;
using Xunit;

namespace Caching.Resilience.Tests.Entries;

/// <summary>Finds the key a generated method wrote and checks, straight from Redis, that it holds a good entry.</summary>
internal static class EntryInspection
{
    /// <summary>The one key under <paramref name="pattern"/> (a SCAN; test servers are small).</summary>
    public static async Task<RedisKey> OnlyKeyAsync(IConnectionMultiplexer multiplexer, string pattern)
    {
        var keys = await KeysAsync(multiplexer, pattern);
        Assert.True(keys.Count == 1, $"expected one key for '{pattern}', found {keys.Count}: {string.Join(", ", keys)}");
        return keys[0];
    }

    public static async Task<List<RedisKey>> KeysAsync(IConnectionMultiplexer multiplexer, string pattern)
    {
        var keys = new List<RedisKey>();
        foreach (var server in multiplexer.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>A string entry of ours: the magic, format version 1, a positive TTL.</summary>
    public static async Task<byte[]> AssertGoodStringEntryAsync(IDatabase database, RedisKey key)
    {
        Assert.Equal(RedisType.String, await database.KeyTypeAsync(key));
        var bytes = (byte[]?)await database.StringGetAsync(key);
        Assert.NotNull(bytes);
        Assert.True(bytes!.Length >= 20, $"entry of {bytes.Length} bytes");
        Assert.Equal(0xCA, bytes[0]);
        Assert.Equal(1, bytes[1]);
        Assert.True((await database.KeyTimeToLiveAsync(key)) > TimeSpan.Zero, "the overwritten entry has no TTL");
        return bytes;
    }

    /// <summary>A hash entry of ours: the header field with the magic, every field of the value, a positive TTL.</summary>
    public static async Task AssertGoodHashEntryAsync(IDatabase database, RedisKey key, IEnumerable<string> fields)
    {
        Assert.Equal(RedisType.Hash, await database.KeyTypeAsync(key));
        var header = (byte[]?)await database.HashGetAsync(key, "#h");
        Assert.NotNull(header);
        Assert.Equal(0xCA, header![0]);
        Assert.Equal(1, header[1]);
        var present = (await database.HashKeysAsync(key)).Select(f => (string)f!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fields.Append("#h").Order(StringComparer.Ordinal).ToArray(), present);
        Assert.True((await database.KeyTimeToLiveAsync(key)) > TimeSpan.Zero, "the overwritten entry has no TTL");
    }
}
