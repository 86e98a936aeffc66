using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.FailSafe;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Compression;

/// <summary>
/// <c>CompressAbove</c> through every store path that writes or reads an entry, against redis-server: the bytes in
/// Redis are flagged and smaller than the payload, and every reader gets the value back. A compressed entry damaged in
/// Redis is a miss and is overwritten.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class CompressedStoreTests(RedisServerFixture redis)
{
    private const byte CompressedFlag = 16;
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    // A product whose JSON is about 3.3 KB of repetitive text.
    private static Product Large(int id) => new(id, "Widget " + id, 10m + id, Enumerable.Range(0, 300).Select(i => "colour-" + (i % 7)).ToArray());

    private static CachePolicy<Product> Policy(int compressAbove = 1024)
        => new("Tests.Compressed", TimeSpan.FromMinutes(10), TimeSpan.Zero, Policies.ProductSchema, new JsonCacheSerializer<Product>(TestJsonContext.Default.Product))
        {
            CompressAbove = compressAbove,
        };

    [Fact]
    public async Task GetOrCreateAsync_StoresCompressed_AndTheNextCallHits()
    {
        var key = Policies.UniqueKey("compressed-async");
        var factory = new CountingFactory<Product>(Large(1));
        Assert.Equal(Large(1), await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        AssertCompressed(await redis.Database.StringGetAsync(key));
        Assert.Equal(Large(1), await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public async Task SmallValue_IsNotCompressed()
    {
        var key = Policies.UniqueKey("compressed-small");
        await _store.GetOrCreateCountedAsync(key, Policy(), new CountingFactory<Product>(Policies.SampleProduct(1)));
        var stored = (byte[])(await redis.Database.StringGetAsync(key))!;
        Assert.Equal(0, stored[2]);
    }

    [Fact]
    public void SyncGetOrCreate_StoresCompressed_AndHits()
    {
        var key = Policies.UniqueKey("compressed-sync");
        var factory = new CountingFactory<Product>(Large(2));
        Assert.Equal(Large(2), _store.GetOrCreateCounted(key, Policy(), factory));
        AssertCompressed(redis.Database.StringGet(key));
        Assert.Equal(Large(2), _store.GetOrCreateCounted(key, Policy(), factory));
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public async Task WriteThrough_StoresCompressed_AndTryGetReadsIt()
    {
        var key = Policies.UniqueKey("compressed-set");
        Assert.True(await _store.SetAsync(key, ["t:" + key], Large(3), Policy()));
        AssertCompressed(await redis.Database.StringGetAsync(key), tagged: true);
        var lookup = await _store.TryGetAsync(key, ["t:" + key], Policy());
        Assert.Equal(CacheEntryStatus.Hit, lookup.Status);
        Assert.Equal(Large(3), lookup.Value);
    }

    [Fact]
    public async Task BatchAndWarm_StoreCompressed_AndTheBatchReadsThem()
    {
        var prefix = Policies.UniqueKey("compressed-batch") + ":";
        Assert.Equal(3, await _store.WarmAsync(new[] { 1, 2, 3 }, id => prefix + id, null, Policy(), 0, static (_, id, _) => ValueTask.FromResult(Large(id))));
        foreach (var id in new[] { 1, 2, 3 })
        {
            AssertCompressed(await redis.Database.StringGetAsync(prefix + id));
        }

        var calls = new List<int>();
        var values = await _store.GetOrCreateManyAsync(new[] { 1, 2, 3, 4 }, id => prefix + id, null, Policy(), calls, static (c, misses, _) =>
        {
            c.AddRange(misses);
            return ValueTask.FromResult<IReadOnlyDictionary<int, Product>>(misses.ToDictionary(id => id, Large));
        });

        Assert.Equal([4], calls);
        Assert.Equal(Enumerable.Range(1, 4).ToDictionary(id => id, Large), values);
        AssertCompressed(await redis.Database.StringGetAsync(prefix + 4));
    }

    [Fact]
    public async Task FailSafe_ServesACompressedStaleValue()
    {
        await using var harness = await FailSafeHarness.StartAsync();
        var key = Policies.UniqueKey("compressed-stale");
        var policy = new CachePolicy<Product>("Tests.CompressedStale", FailSafeHarness.Ttl, TimeSpan.Zero, Policies.ProductSchema,
            new JsonCacheSerializer<Product>(TestJsonContext.Default.Product))
        {
            FailSafe = FailSafeHarness.Window,
            CompressAbove = 512,
        };
        await harness.FillAsync(key, policy, Large(5));
        AssertCompressed(await harness.Database.StringGetAsync(key));
        harness.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));

        Assert.Equal(Large(5), await harness.CallThrowing(key, policy));
        Assert.Equal(1, harness.Count("StaleServedOnFailure"));
    }

    [Fact]
    public async Task DamagedCompressedEntry_IsAMiss_AndIsOverwritten()
    {
        var key = Policies.UniqueKey("compressed-damaged");
        await _store.GetOrCreateCountedAsync(key, Policy(), new CountingFactory<Product>(Large(6)));
        var stored = (byte[])(await redis.Database.StringGetAsync(key))!;
        stored.AsSpan(EntryBytes.HeaderSize + 4).Fill(0xFF);
        await redis.Database.StringSetAsync(key, stored);

        Assert.Equal(CacheEntryStatus.Corrupt, (await _store.TryGetAsync(key, Policy())).Status);
        var factory = new CountingFactory<Product>(Large(7));
        Assert.Equal(Large(7), await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        Assert.Equal(Large(7), await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        Assert.Equal(1, factory.Calls);
        AssertCompressed(await redis.Database.StringGetAsync(key));
    }

    [Fact]
    public void NegativeThreshold_IsRejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => Policy(-1));

    private static void AssertCompressed(RedisValue value, bool tagged = false)
    {
        var stored = (byte[])value!;
        Assert.Equal(CompressedFlag | (tagged ? 2 : 0), stored[2]);
        var payloadLength = BitConverter.ToInt32(stored, EntryBytes.HeaderSize + (tagged ? 8 : 0));
        Assert.InRange(payloadLength, 3_300, 3_400);
        Assert.True(stored.Length < payloadLength / 3, $"stored {stored.Length} of {payloadLength}");
    }
}
