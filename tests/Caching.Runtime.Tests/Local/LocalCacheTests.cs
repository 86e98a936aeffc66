using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Local;

/// <summary>
/// The L1 in one process (issue 5, item 1): hits from memory with no allocation, bounded, expiring, and evicted by
/// this store's invalidations at once. Each test has its own key prefix, so its pub/sub channel is its own.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class LocalCacheTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = "l1-" + Guid.NewGuid().ToString("N") });

    [Fact]
    public async Task Hit_IsServedFromMemory_EvenWhenTheRedisEntryIsGone()
    {
        var cache = LocalFlow.NewCache();
        var core = new CountingFactory<string>("ada");
        Assert.NotNull(cache.For(_store));
        await LocalFlow.WaitUntilReadyAsync(_store);

        Assert.Equal("ada", await cache.GetAsync(_store, 1, core));
        await redis.Database.KeyDeleteAsync(LocalFlow.Key(_store, 1)); // by hand: no invalidation is published
        Assert.Equal("ada", await cache.GetAsync(_store, 1, core));

        Assert.Equal(1, core.Calls);
    }

    [Fact]
    public async Task Hit_AllocatesNothing_ForValueAndTaskReturningMethods()
    {
        var cache = LocalFlow.NewCache();
        var core = new CountingFactory<string>("ada");
        cache.For(_store);
        await LocalFlow.WaitUntilReadyAsync(_store);
        await cache.GetAsync(_store, 7, core);
        var partition = cache.For(_store)!;
        partition.TryGetTask(new ValueTuple<int>(7), out _); // the entry's task is made once, on its first use

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            var local = cache.For(_store)!;
            Assert.True(local.TryGet(new ValueTuple<int>(7), out _));
            Assert.True(local.TryGetTask(new ValueTuple<int>(7), out _));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Entry_IsNotServedAfterLocalTtl()
    {
        var cache = LocalFlow.NewCache(localTtl: TimeSpan.FromMilliseconds(300));
        var core = new CountingFactory<string>("ada");
        cache.For(_store);
        await LocalFlow.WaitUntilReadyAsync(_store);
        await cache.GetAsync(_store, 1, core);
        await redis.Database.KeyDeleteAsync(LocalFlow.Key(_store, 1));

        Assert.True(cache.For(_store)!.TryGet(new ValueTuple<int>(1), out _));
        await Task.Delay(400);
        Assert.False(cache.For(_store)!.TryGet(new ValueTuple<int>(1), out _));
        await cache.GetAsync(_store, 1, core);
        Assert.Equal(2, core.Calls);
    }

    [Fact]
    public async Task Partition_IsBoundedByItsCapacity()
    {
        var cache = LocalFlow.NewCache(capacity: 10);
        cache.For(_store);
        await LocalFlow.WaitUntilReadyAsync(_store);
        for (var id = 0; id < 50; id++)
        {
            await cache.GetAsync(_store, id, new CountingFactory<string>("v" + id));
        }

        Assert.InRange(cache.For(_store)!.Count, 1, 10);
        Assert.True(cache.For(_store)!.TryGet(new ValueTuple<int>(49), out var newest));
        Assert.Equal("v49", newest);
    }

    [Fact]
    public async Task InvalidationInThisStore_EvictsAtOnce_KeyTagPatternWriteAndRefresh()
    {
        var cache = LocalFlow.NewCache();
        cache.For(_store);
        await LocalFlow.WaitUntilReadyAsync(_store);
        var local = cache.For(_store)!;
        string[] tags = ["user:1"];

        async Task Fill(int id)
        {
            await cache.GetAsync(_store, id, new CountingFactory<string>("v" + id), id == 2 ? tags : null);
            Assert.True(local.TryGet(new ValueTuple<int>(id), out _));
        }

        await Fill(1);
        await _store.InvalidateAsync(LocalFlow.Key(_store, 1));
        Assert.False(local.TryGet(new ValueTuple<int>(1), out _), "key invalidation");

        await Fill(2);
        await _store.InvalidateTagAsync("user:1");
        Assert.False(local.TryGet(new ValueTuple<int>(2), out _), "tag invalidation");

        await Fill(3);
        await _store.InvalidatePatternAsync("test:local:*");
        Assert.False(local.TryGet(new ValueTuple<int>(3), out _), "pattern invalidation");

        await Fill(4);
        await _store.SetAsync(LocalFlow.Key(_store, 4), "written", Policies.String());
        Assert.False(local.TryGet(new ValueTuple<int>(4), out _), "write-through");

        await Fill(5);
        await _store.RefreshAsync(LocalFlow.Key(_store, 5), null, Policies.String(), "fresh", static (v, _) => ValueTask.FromResult(v));
        Assert.False(local.TryGet(new ValueTuple<int>(5), out _), "refresh");
    }

    [Fact]
    public async Task ValueReadWhileAnInvalidationWentBy_IsNotKept()
    {
        var cache = LocalFlow.NewCache();
        cache.For(_store);
        await LocalFlow.WaitUntilReadyAsync(_store);
        var core = new GatedFactory<string>("old");

        // The miss observed the key; the core computes "old"; the key is invalidated before the value comes back.
        var pending = cache.GetAsync(_store, 1, core.CreateAsync).AsTask();
        await core.Entered;
        await _store.InvalidateAsync(LocalFlow.Key(_store, 1));
        core.Release();
        Assert.Equal("old", await pending);

        Assert.False(cache.For(_store)!.TryGet(new ValueTuple<int>(1), out _));
    }

    [Fact]
    public async Task StoreThatCannotHearInvalidations_TakesNoEntries()
    {
        // No Redis on this port: the subscription never comes up, so L1 must not keep anything.
        await using var stopped = await RedisServer.StartAsync();
        await stopped.StopAsync();
        var options = ConfigurationOptions.Parse($"{stopped.Endpoint},abortConnect=false,connectTimeout=200");
        await using var offline = await ConnectionMultiplexer.ConnectAsync(options);
        var store = new RedisCacheStore(offline, new RedisCacheStoreOptions { OperationTimeout = TimeSpan.FromMilliseconds(200) });
        var cache = LocalFlow.NewCache();
        var core = new CountingFactory<string>("ada");

        Assert.Equal("ada", await cache.GetAsync(store, 1, core));
        Assert.Equal("ada", await cache.GetAsync(store, 1, core));

        Assert.Equal(2, core.Calls);
        Assert.Equal(0, cache.For(store)!.Count);
        Assert.False(store.LocalReady);
    }
}
