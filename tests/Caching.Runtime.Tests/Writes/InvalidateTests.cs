using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// <see cref="ICacheStore.InvalidateAsync"/> leaves a marker instead of deleting: readers miss with
/// <see cref="CacheEntryStatus.Invalidated"/>, the marker expires after twice the invalidation window, and a later
/// fill or write-through replaces it.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class InvalidateTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly RedisCacheStore _store = new(redis.Multiplexer, new RedisCacheStoreOptions { InvalidationWindow = Window });

    [Fact]
    public async Task InvalidatedEntry_IsAMiss_WithStatusInvalidated()
    {
        var key = Policies.UniqueKey("invalidate");
        Assert.True(await _store.SetAsync(key, Policies.SampleProduct(1), Policies.Product()));
        Assert.True((await _store.TryGetAsync(key, Policies.Product())).IsHit);

        Assert.True(await _store.InvalidateAsync(key));

        var lookup = await _store.TryGetAsync(key, Policies.Product());
        Assert.Equal(CacheEntryStatus.Invalidated, lookup.Status);
        Assert.False(lookup.IsHit);
        Assert.Null(lookup.Value);
    }

    [Fact]
    public async Task TheMarker_ExpiresAfterTwiceTheInvalidationWindow()
    {
        var key = Policies.UniqueKey("invalidate-ttl");
        Assert.True(await _store.SetAsync(key, 1, Policies.Int(TimeSpan.FromHours(1))));

        Assert.True(await _store.InvalidateAsync(key));

        var pttl = (long)await redis.Database.ExecuteAsync("PTTL", (RedisKey)key);
        Assert.InRange(pttl, (long)(Window * 2).TotalMilliseconds - 5_000, (long)(Window * 2).TotalMilliseconds);
    }

    [Fact]
    public async Task InvalidatingAMissingKey_LeavesAMarker_ThatAFillThenReplaces()
    {
        var key = Policies.UniqueKey("invalidate-missing");
        Assert.True(await _store.InvalidateAsync(key));
        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(key, Policies.Int())).Status);
        var factory = new CountingFactory<int>(9);

        Assert.Equal(9, await _store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.Equal(9, await _store.GetOrCreateCountedAsync(key, Policies.Int(), factory));

        Assert.Equal(1, factory.Calls);
        var pttl = (long)await redis.Database.ExecuteAsync("PTTL", (RedisKey)key);
        Assert.True(pttl > (long)(Window * 2).TotalMilliseconds, $"the fill kept the marker's TTL ({pttl} ms)");
    }

    [Fact]
    public async Task InvalidatedEntry_IsAMissForTheSyncPathToo()
    {
        var key = Policies.UniqueKey("invalidate-sync");
        var factory = new CountingFactory<int>(10);
        _store.GetOrCreateCounted(key, Policies.Int(), factory);

        Assert.True(await _store.InvalidateAsync(key));

        Assert.Equal(10, _store.GetOrCreateCounted(key, Policies.Int(), factory));
        Assert.Equal(2, factory.Calls);
    }

    [Fact]
    public async Task EachInvalidation_LeavesADifferentMarker()
    {
        var key = Policies.UniqueKey("invalidate-twice");
        Assert.True(await _store.InvalidateAsync(key));
        var first = (byte[])(await redis.Database.StringGetAsync(key))!;

        Assert.True(await _store.InvalidateAsync(key));
        var second = (byte[])(await redis.Database.StringGetAsync(key))!;

        Assert.NotEqual(first, second);
    }
}
