using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Primitives;

/// <summary>The atomic counter with a TTL and the versioned set, against redis-server.</summary>
[Collection(RedisCollections.Server)]
public sealed class PrimitivesTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    [Fact]
    public async Task Increment_CountsAtomically_AcrossConcurrentCallers()
    {
        var key = Policies.UniqueKey("counter");
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => _store.IncrementAsync(key, 1, TimeSpan.FromMinutes(1))));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), results.OrderBy(r => r));
        Assert.Equal(200, (long)await redis.Database.StringGetAsync(key));
    }

    [Fact]
    public async Task Increment_SetsTheTtlOnce_WhenTheCounterIsCreated()
    {
        var key = Policies.UniqueKey("counter-ttl");
        Assert.Equal(5, await _store.IncrementAsync(key, 5, TimeSpan.FromSeconds(30)));
        await redis.Database.KeyExpireAsync(key, TimeSpan.FromSeconds(10));

        Assert.Equal(3, await _store.IncrementAsync(key, -2, TimeSpan.FromSeconds(30)));

        var ttl = await redis.Database.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.True(ttl <= TimeSpan.FromSeconds(10), $"the window was extended to {ttl}");
    }

    [Fact]
    public async Task Increment_GivesACounterThatLostItsTtl_ANewOne()
    {
        var key = Policies.UniqueKey("counter-persist");
        await redis.Database.StringSetAsync(key, 7);

        Assert.Equal(8, await _store.IncrementAsync(key, 1, TimeSpan.FromSeconds(30)));
        Assert.NotNull(await redis.Database.KeyTimeToLiveAsync(key));
    }

    [Fact]
    public async Task Increment_ExpiresWithItsWindow()
    {
        var key = Policies.UniqueKey("counter-window");
        await _store.IncrementAsync(key, 1, TimeSpan.FromMilliseconds(100));
        await Task.Delay(300);

        Assert.Equal(1, await _store.IncrementAsync(key, 1, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task SetIfNewer_OnlyANewerVersionWins_WhateverTheOrder()
    {
        var key = Policies.UniqueKey("versioned");
        Assert.True(await _store.SetIfNewerAsync(key, 2, "two", TimeSpan.FromMinutes(1)));
        Assert.False(await _store.SetIfNewerAsync(key, 1, "one (late)", TimeSpan.FromMinutes(1)));
        Assert.False(await _store.SetIfNewerAsync(key, 2, "two again", TimeSpan.FromMinutes(1)));
        Assert.Equal(new VersionedValue(2, "two"), await _store.GetVersionedAsync(key));

        Assert.True(await _store.SetIfNewerAsync(key, 3, "three", TimeSpan.FromMinutes(1)));
        Assert.Equal(new VersionedValue(3, "three"), await _store.GetVersionedAsync(key));
        Assert.NotNull(await redis.Database.KeyTimeToLiveAsync(key));
    }

    [Fact]
    public async Task SetIfNewer_ConcurrentWriters_LeaveTheHighestVersion()
    {
        var key = Policies.UniqueKey("versioned-race");
        var versions = Enumerable.Range(1, 100).OrderBy(_ => Random.Shared.Next()).ToArray();
        await Task.WhenAll(versions.Select(v => _store.SetIfNewerAsync(key, v, "v" + v, TimeSpan.FromMinutes(1))));

        Assert.Equal(new VersionedValue(100, "v100"), await _store.GetVersionedAsync(key));
    }

    [Fact]
    public async Task GetVersioned_OfAMissingKey_IsNull()
        => Assert.Null(await _store.GetVersionedAsync(Policies.UniqueKey("versioned-none")));

    [Fact]
    public async Task Scripts_RecoverAfterScriptFlush()
    {
        var key = Policies.UniqueKey("counter-flush");
        await _store.IncrementAsync(key, 1, TimeSpan.FromMinutes(1));
        await redis.Multiplexer.GetServer(redis.Server.Endpoint).ScriptFlushAsync();

        Assert.Equal(2, await _store.IncrementAsync(key, 1, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task NonPositiveTtl_IsRefused()
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.IncrementAsync(Policies.UniqueKey("bad"), 1, TimeSpan.Zero));
}
