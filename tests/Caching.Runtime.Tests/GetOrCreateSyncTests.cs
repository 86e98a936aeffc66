using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests;

[Collection(RedisCollections.Server)]
public sealed class GetOrCreateSyncTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    [Fact]
    public void Miss_CallsFactoryOnce_ThenHitReturnsEqualValue()
    {
        var key = Policies.UniqueKey("sync");
        var policy = Policies.Product();
        var factory = new CountingFactory<Product>(Policies.SampleProduct(3));

        var first = _store.GetOrCreateCounted(key, policy, factory);
        var second = _store.GetOrCreateCounted(key, policy, factory);

        Assert.Equal(1, factory.Calls);
        Assert.Equal(Policies.SampleProduct(3), first);
        Assert.Equal(first, second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public async Task StoresAnEntryTheAsyncPathReads()
    {
        var key = Policies.UniqueKey("sync-then-async");
        var policy = Policies.Int(TimeSpan.FromSeconds(600), TimeSpan.Zero);
        _store.GetOrCreateCounted(key, policy, new CountingFactory<int>(41));

        var lookup = await _store.TryGetAsync(key, policy);
        var pttl = (long)redis.Database.Execute("PTTL", (RedisKey)key);

        Assert.Equal(CacheEntryStatus.Hit, lookup.Status);
        Assert.Equal(41, lookup.Value);
        Assert.InRange(pttl, 600_000 - 2_000, 600_000);
    }

    [Fact]
    public async Task ValueWrittenByTheAsyncPath_IsAHit()
    {
        var key = Policies.UniqueKey("async-then-sync");
        var policy = Policies.String();
        Assert.True(await _store.SetAsync(key, "från async", policy));
        var factory = new CountingFactory<string>("from the factory");

        Assert.Equal("från async", _store.GetOrCreateCounted(key, policy, factory));
        Assert.Equal(0, factory.Calls);
    }
}
