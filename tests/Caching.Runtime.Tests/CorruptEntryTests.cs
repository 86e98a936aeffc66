using System;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>
/// Whatever sits under a key (another app's value, a half-written entry, an entry for an older shape of the type),
/// the store treats it as a miss, answers from the factory and overwrites it with a valid entry.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class CorruptEntryTests(RedisServerFixture redis)
{
    public enum Damage
    {
        Garbage,
        EmptyString,
        ShorterThanHeader,
        Truncated,
        LongerThanDeclared,
        OtherSchemaHash,
        WrongMagic,
        UnknownVersion,
        InvalidJson,
        JsonNull,
    }

    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    [Theory]
    [InlineData(Damage.Garbage, CacheEntryStatus.Foreign)]
    [InlineData(Damage.EmptyString, CacheEntryStatus.Foreign)]
    [InlineData(Damage.ShorterThanHeader, CacheEntryStatus.Foreign)]
    [InlineData(Damage.Truncated, CacheEntryStatus.Truncated)]
    [InlineData(Damage.LongerThanDeclared, CacheEntryStatus.Truncated)]
    [InlineData(Damage.OtherSchemaHash, CacheEntryStatus.SchemaMismatch)]
    [InlineData(Damage.WrongMagic, CacheEntryStatus.Foreign)]
    [InlineData(Damage.UnknownVersion, CacheEntryStatus.UnknownFormatVersion)]
    [InlineData(Damage.InvalidJson, CacheEntryStatus.Corrupt)]
    [InlineData(Damage.JsonNull, CacheEntryStatus.Corrupt)]
    public async Task JsonEntry_IsAMiss_AndIsOverwritten(Damage damage, CacheEntryStatus expected)
    {
        var fresh = Policies.SampleProduct(10);
        await AssertMissThenOverwrittenAsync(Policies.Product(), Damaged(damage), expected, fresh);
    }

    [Fact]
    public async Task IntEntryOfTheWrongLength_IsAMiss_AndIsOverwritten()
        => await AssertMissThenOverwrittenAsync(
            Policies.Int(), EntryBytes.Build(Policies.IntSchema, [1, 2, 3]), CacheEntryStatus.Corrupt, 77);

    [Fact]
    public async Task IntEntryWithGarbage_IsAMiss_AndIsOverwritten()
        => await AssertMissThenOverwrittenAsync(Policies.Int(), "12345"u8.ToArray(), CacheEntryStatus.Foreign, 78);

    [Fact]
    public async Task StringEntryWithInvalidUtf8_IsAMiss_AndIsOverwritten()
        => await AssertMissThenOverwrittenAsync(
            Policies.String(), EntryBytes.Build(Policies.StringSchema, [0x61, 0xFF, 0xFE]), CacheEntryStatus.Corrupt, "ok");

    [Fact]
    public async Task StringEntryForAnotherSchema_IsAMiss_AndIsOverwritten()
        => await AssertMissThenOverwrittenAsync(
            Policies.String(), EntryBytes.Build(Policies.StringSchema + 1, "old"u8), CacheEntryStatus.SchemaMismatch, "new");

    [Fact]
    public void SyncPath_TreatsGarbageAsAMiss_AndOverwritesIt()
    {
        var key = Policies.UniqueKey("corrupt-sync");
        redis.Database.StringSet(key, "not a cache entry");
        var factory = new CountingFactory<Product>(Policies.SampleProduct(11));

        Assert.Equal(Policies.SampleProduct(11), _store.GetOrCreateCounted(key, Policies.Product(), factory));
        Assert.Equal(Policies.SampleProduct(11), _store.GetOrCreateCounted(key, Policies.Product(), factory));
        Assert.Equal(1, factory.Calls);
    }

    private async Task AssertMissThenOverwrittenAsync<T>(CachePolicy<T> policy, byte[] stored, CacheEntryStatus expected, T fresh)
    {
        var key = Policies.UniqueKey("corrupt");
        await redis.Database.StringSetAsync(key, stored);
        var factory = new CountingFactory<T>(fresh);

        Assert.Equal(expected, (await _store.TryGetAsync(key, policy)).Status);
        Assert.Equal(fresh, await _store.GetOrCreateCountedAsync(key, policy, factory));
        Assert.Equal(1, factory.Calls);

        var after = await _store.TryGetAsync(key, policy);
        Assert.Equal(CacheEntryStatus.Hit, after.Status);
        Assert.Equal(fresh, after.Value);
        Assert.Equal(fresh, await _store.GetOrCreateCountedAsync(key, policy, factory));
        Assert.Equal(1, factory.Calls);
    }

    private static byte[] Damaged(Damage damage)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(Policies.SampleProduct(9), TestJsonContext.Default.Product);
        var valid = EntryBytes.Build(Policies.ProductSchema, payload);
        return damage switch
        {
            Damage.Garbage => Encoding.UTF8.GetBytes("this is somebody else's value, not a cache entry"),
            Damage.EmptyString => [],
            Damage.ShorterThanHeader => valid[..(EntryBytes.HeaderSize - 1)],
            Damage.Truncated => valid[..^3],
            Damage.LongerThanDeclared => [.. valid, (byte)'}'],
            Damage.OtherSchemaHash => EntryBytes.Build(Policies.ProductSchema ^ 0xFFFF, payload),
            Damage.WrongMagic => EntryBytes.Build(Policies.ProductSchema, payload, magic: 0xCB),
            Damage.UnknownVersion => EntryBytes.Build(Policies.ProductSchema, payload, version: 2),
            Damage.InvalidJson => EntryBytes.Build(Policies.ProductSchema, "{\"Id\":1,\"Name\":"u8),
            Damage.JsonNull => EntryBytes.Build(Policies.ProductSchema, "null"u8),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
    }
}
