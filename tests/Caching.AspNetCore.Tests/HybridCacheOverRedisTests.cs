using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.TestSupport;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace Caching.AspNetCore.Tests;

/// <summary>HybridCache with our RedisDistributedCache as its L2: what one "process" stores, another reads from Redis.</summary>
[Collection(RedisCollections.Server)]
public sealed class HybridCacheOverRedisTests(RedisServerFixture redis)
{
    private readonly string _prefix = "hybrid-" + Guid.NewGuid().ToString("N");

    // One application: its own service provider, its own multiplexer (as another process would have), its own L1.
    private ServiceProvider Application()
        => new ServiceCollection()
            .AddLogging()
            .AddRedisCaching(o =>
            {
                o.Configuration = redis.Server.Endpoint;
                o.KeyPrefix = _prefix;
            })
            .AddRedisDistributedCache()
            .AddHybridCache().Services
            .BuildServiceProvider();

    [Fact]
    public async Task AValueOneInstanceComputed_IsStoredInRedis_AndAnotherInstanceReadsIt()
    {
        await using var first = Application();
        await using var second = Application();
        var firstCache = first.GetRequiredService<HybridCache>();
        var secondCache = second.GetRequiredService<HybridCache>();
        Assert.IsType<RedisDistributedCache>(first.GetRequiredService<IDistributedCache>());
        var options = new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(1), LocalCacheExpiration = TimeSpan.FromMinutes(1) };

        var calls = 0;
        var value = await firstCache.GetOrCreateAsync("product:1", ct =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult("widget");
        }, options);
        Assert.Equal("widget", value);
        Assert.Equal(1, calls);

        // L2 round trip: the entry is in Redis under the store's prefix, with the entry's expiration as its TTL.
        var key = _prefix + ":product:1";
        Assert.Equal(RedisType.Hash, await redis.Database.KeyTypeAsync(key));
        var ttl = await redis.Database.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));

        // The second instance has an empty L1: it finds the value in Redis and never calls its factory.
        var fromOther = await secondCache.GetOrCreateAsync("product:1", ct =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult("recomputed");
        }, options);
        Assert.Equal("widget", fromOther);
        Assert.Equal(1, calls);

        // A removal goes to Redis too.
        await secondCache.RemoveAsync("product:1");
        Assert.False(await redis.Database.KeyExistsAsync(key));
    }

    [Fact]
    public async Task AnObjectValue_IsSerializedThroughTheBufferInterface_AndReadBackElsewhere()
    {
        await using var first = Application();
        await using var second = Application();
        var order = new Order(42, "Ada", [1.5m, 2.25m]);

        await first.GetRequiredService<HybridCache>().SetAsync("order:42", order);

        var read = await second.GetRequiredService<HybridCache>().GetOrCreateAsync<Order?>(
            "order:42", _ => ValueTask.FromResult<Order?>(null));
        Assert.NotNull(read);
        Assert.Equal(order.Id, read.Id);
        Assert.Equal(order.Customer, read.Customer);
        Assert.Equal(order.Lines, read.Lines);
    }

    public sealed record Order(int Id, string Customer, decimal[] Lines);
}
