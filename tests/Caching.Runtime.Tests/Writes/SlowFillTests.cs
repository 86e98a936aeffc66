using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// A fill slower than <see cref="RedisCacheStoreOptions.InvalidationWindow"/> is returned but not stored: an
/// invalidation's marker lives only twice the window, so after that the compare-and-set could no longer tell that
/// the fill's read is older than an invalidation. Here time passing is the behaviour under test, so the core waits
/// out the window; nothing depends on the order of two concurrent things.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class SlowFillTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PastTheWindow = Window * 2;

    private readonly ListLogger _log = new();

    private RedisCacheStore Store => new(redis.Multiplexer, new RedisCacheStoreOptions { InvalidationWindow = Window }, _log);

    [Fact]
    public async Task FastFill_WithTheSameWindow_IsStored()
    {
        var store = Store;
        var key = Policies.UniqueKey("fast-fill");

        Assert.Equal(1, await store.GetOrCreateAsync(key, Policies.Int(), 1, static (v, _) => ValueTask.FromResult(v)));

        Assert.Equal(CacheEntryStatus.Hit, (await store.TryGetAsync(key, Policies.Int())).Status);
    }

    [Fact]
    public async Task FillSlowerThanTheWindow_IsReturned_ButNotStored()
    {
        var store = Store;
        var key = Policies.UniqueKey("slow-fill");

        var value = await store.GetOrCreateAsync(key, Policies.Int(), 2, static async (v, ct) =>
        {
            await Task.Delay(PastTheWindow, ct);
            return v;
        });

        Assert.Equal(2, value);
        Assert.Equal(CacheEntryStatus.Missing, (await store.TryGetAsync(key, Policies.Int())).Status);
        Assert.False(await redis.Database.KeyExistsAsync(key));
        Assert.Contains("FillTooSlow", _log.EventNames);
    }

    [Fact]
    public async Task SyncFillSlowerThanTheWindow_IsReturned_ButNotStored()
    {
        var store = Store;
        var key = Policies.UniqueKey("slow-fill-sync");

        var value = store.GetOrCreate(key, Policies.Int(), 3, static v =>
        {
            Thread.Sleep(PastTheWindow);
            return v;
        });

        Assert.Equal(3, value);
        Assert.False(await redis.Database.KeyExistsAsync(key));
        Assert.Contains("FillTooSlow", _log.EventNames);
    }

    [Fact]
    public async Task RefreshSlowerThanTheWindow_IsReturned_AndLeavesTheEntryAlone()
    {
        var store = Store;
        var key = Policies.UniqueKey("slow-refresh");
        Assert.True(await store.SetAsync(key, 4, Policies.Int()));

        var value = await store.RefreshAsync(key, null, Policies.Int(), 5, static async (v, ct) =>
        {
            await Task.Delay(PastTheWindow, ct);
            return v;
        });

        Assert.Equal(5, value);
        Assert.Equal(4, (await store.TryGetAsync(key, Policies.Int())).Value);
    }

    [Fact]
    public async Task BatchSlowerThanTheWindow_IsReturned_ButNothingIsStored()
    {
        var store = Store;
        var prefix = Policies.UniqueKey("slow-batch") + ":";
        var ids = Enumerable.Range(1, 5).ToArray();

        var values = await store.GetOrCreateManyAsync(ids, id => prefix + id, null, Policies.Int(), 0,
            static async (_, misses, ct) =>
            {
                await Task.Delay(PastTheWindow, ct);
                return (IReadOnlyDictionary<int, int>)misses.ToDictionary(id => id, id => id * 10);
            });

        Assert.Equal(ids.ToDictionary(id => id, id => id * 10), values);
        Assert.Equal(0, await redis.Database.KeyExistsAsync(ids.Select(id => (RedisKey)(prefix + id)).ToArray()));
    }
}
