using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>
/// The header's logical expiry is checked against the store's clock, so an entry is never served past its time
/// even if Redis still holds it (clock skew, a restored snapshot, a longer TTL set by hand).
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class LogicalExpiryTests(RedisServerFixture redis)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task EntryPastItsLogicalExpiry_IsAMiss_AndIsRefreshed()
    {
        var store = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { TimeProvider = _clock });
        var policy = Policies.Int(TimeSpan.FromMinutes(10), TimeSpan.Zero);
        var key = Policies.UniqueKey("logical-expiry");
        var factory = new CountingFactory<int>(30);

        await store.GetOrCreateCountedAsync(key, policy, factory);
        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(CacheEntryStatus.Hit, (await store.TryGetAsync(key, policy)).Status);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CacheEntryStatus.Expired, (await store.TryGetAsync(key, policy)).Status);
        Assert.True(await redis.Database.KeyExistsAsync(key)); // Redis still has it; only the header says no

        Assert.Equal(30, await store.GetOrCreateCountedAsync(key, policy, factory));
        Assert.Equal(2, factory.Calls);
        Assert.Equal(30, await store.GetOrCreateCountedAsync(key, policy, factory));
        Assert.Equal(2, factory.Calls); // the refreshed entry carries the new expiry
    }

    [Fact]
    public async Task SyncPath_HonoursLogicalExpiry()
    {
        var store = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { TimeProvider = _clock });
        var policy = Policies.Int(TimeSpan.FromMinutes(1), TimeSpan.Zero);
        var key = Policies.UniqueKey("logical-expiry-sync");
        var factory = new CountingFactory<int>(31);

        store.GetOrCreateCounted(key, policy, factory);
        store.GetOrCreateCounted(key, policy, factory);
        _clock.Advance(TimeSpan.FromMinutes(2));
        store.GetOrCreateCounted(key, policy, factory);

        Assert.Equal(2, factory.Calls);
    }
}
