using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests;

[Collection(RedisCollections.Server)]
public sealed class GetOrCreateAsyncTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    [Fact]
    public async Task Miss_CallsFactoryOnce_ThenHitReturnsEqualValue()
    {
        var key = Policies.UniqueKey("async");
        var policy = Policies.Product();
        var factory = new CountingFactory<Product>(Policies.SampleProduct(1));

        var first = await _store.GetOrCreateCountedAsync(key, policy, factory);
        var second = await _store.GetOrCreateCountedAsync(key, policy, factory);

        Assert.Equal(1, factory.Calls);
        Assert.Equal(Policies.SampleProduct(1), first);
        Assert.Equal(first, second);
        Assert.NotSame(first, second); // the second one really came from Redis
    }

    [Fact]
    public async Task StoredValue_StartsWithTheEntryHeader()
    {
        var key = Policies.UniqueKey("header");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _store.GetOrCreateCountedAsync(key, Policies.Product(TimeSpan.FromSeconds(600)), new CountingFactory<Product>(Policies.SampleProduct(2)));

        var raw = (byte[])(await redis.Database.StringGetAsync(key))!;

        Assert.True(raw.Length > EntryBytes.HeaderSize);
        Assert.Equal(0xCA, raw[0]);
        Assert.Equal(1, raw[1]);
        Assert.Equal(0, raw[2]); // flags: not null
        Assert.Equal(0, raw[3]);
        Assert.Equal(Policies.ProductSchema, EntryBytes.SchemaHash(raw));
        Assert.InRange(EntryBytes.LogicalExpiryUnixMs(raw), before + 600_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 600_000);
        Assert.Equal(raw.Length - EntryBytes.HeaderSize, EntryBytes.PayloadLength(raw));
        Assert.Equal(Policies.SampleProduct(2), JsonSerializer.Deserialize(raw.AsSpan(EntryBytes.HeaderSize), TestJsonContext.Default.Product));
    }

    [Fact]
    public async Task PhysicalExpiry_IsTtlPlusJitter()
    {
        var policy = Policies.Int(TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(60));
        var keys = Enumerable.Range(0, 12).Select(_ => Policies.UniqueKey("jitter")).ToArray();
        foreach (var key in keys)
        {
            await _store.GetOrCreateCountedAsync(key, policy, new CountingFactory<int>(7));
        }

        var ttls = await Task.WhenAll(keys.Select(PttlAsync));

        Assert.All(ttls, ttl => Assert.InRange(ttl, 600_000 - 2_000, 660_000));
        // Twelve uniform draws from 60 s spread over more than a second unless jitter is not applied at all.
        Assert.True(ttls.Max() - ttls.Min() > 1_000, $"PTTLs barely differ: {string.Join(", ", ttls)}");
    }

    [Fact]
    public async Task PhysicalExpiry_WithoutJitter_IsTtl()
    {
        var key = Policies.UniqueKey("nojitter");
        await _store.GetOrCreateCountedAsync(key, Policies.Int(TimeSpan.FromSeconds(600), TimeSpan.Zero), new CountingFactory<int>(7));

        Assert.InRange(await PttlAsync(key), 600_000 - 2_000, 600_000);
    }

    private async Task<long> PttlAsync(string key) => (long)await redis.Database.ExecuteAsync("PTTL", (RedisKey)key);
}
