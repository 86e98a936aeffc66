using System;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Linq;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.RateLimiting;

/// <summary>RedisSlidingWindowRateLimiter against redis-server: exact permit counts, sliding, sharing, TTL, statistics.</summary>
[Collection(RedisCollections.Server)]
public sealed class SlidingWindowLimiterTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    private RedisSlidingWindowRateLimiter Limiter(string key, int limit = 10, TimeSpan? window = null, RedisCacheStore? store = null)
        => new(store ?? _store, new RedisSlidingWindowRateLimiterOptions { PermitLimit = limit, Window = window ?? TimeSpan.FromSeconds(1), Key = key });

    private static async Task<int> GrantedAsync(RateLimiter limiter, int calls, int permits = 1)
    {
        var granted = 0;
        for (var i = 0; i < calls; i++)
        {
            using var lease = await limiter.AcquireAsync(permits);
            granted += lease.IsAcquired ? 1 : 0;
        }

        return granted;
    }

    // All at once: on a busy machine, one-by-one calls could spread over more than a short window.
    private static async Task<int> GrantedConcurrentlyAsync(RateLimiter limiter, int calls)
    {
        var leases = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => limiter.AcquireAsync().AsTask()));
        return leases.Count(l => l.IsAcquired);
    }

    [Fact]
    public async Task Limit10PerSecond_Grants10_RejectsThe11th_AndGrantsAgainOnceTheWindowSlid()
    {
        var key = Policies.UniqueKey("rl-basic");
        using var limiter = Limiter(key);

        var leases = await Task.WhenAll(Enumerable.Range(0, 11).Select(_ => limiter.AcquireAsync().AsTask()));
        Assert.Equal(10, leases.Count(l => l.IsAcquired));
        var eleventh = leases.Single(l => !l.IsAcquired);
        Assert.True(eleventh.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));

        // Once the retry-after has passed, the oldest grant has left the window.
        await Task.Delay(retryAfter + TimeSpan.FromMilliseconds(50));
        using var again = await limiter.AcquireAsync();
        Assert.True(again.IsAcquired);

        // A full window after the last grant, the whole limit is free again, and no more.
        await Task.Delay(TimeSpan.FromMilliseconds(1100));
        Assert.Equal(10, await GrantedConcurrentlyAsync(limiter, 11));
    }

    [Fact]
    public async Task TheWindowSlides_PermitsFreeUpByGrantTime_NotAtAFixedBoundary()
    {
        var key = Policies.UniqueKey("rl-slide");
        using var limiter = Limiter(key, limit: 10, window: TimeSpan.FromSeconds(2));

        Assert.Equal(5, await GrantedConcurrentlyAsync(limiter, 5)); // batch A at t=0
        var afterA = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(5, await GrantedConcurrentlyAsync(limiter, 6)); // batch B at t≈1 s; the 11th is refused

        // At t≈2.2 s batch A has left the window and batch B (until t≥3 s) has not: exactly 5 permits are free.
        await Task.Delay(TimeSpan.FromMilliseconds(2200) - afterA.Elapsed);
        Assert.Equal(5, await GrantedConcurrentlyAsync(limiter, 6));
        Assert.Equal(10, await redis.Database.SortedSetLengthAsync(limiter.Key));
    }

    [Fact]
    public async Task TwoLimiters_OnSeparateConnections_ShareOneLimit()
    {
        var key = Policies.UniqueKey("rl-shared");
        await using var other = await redis.Server.ConnectAsync();
        using var first = Limiter(key, window: TimeSpan.FromMinutes(1));
        using var second = Limiter(key, window: TimeSpan.FromMinutes(1), store: new RedisCacheStore(other));

        Assert.Equal(6, await GrantedAsync(first, 6));
        Assert.Equal(4, await GrantedAsync(second, 6));
        Assert.Equal(0, await GrantedAsync(first, 3));
    }

    [Fact]
    public async Task ConcurrentAcquires_FromTwoInstances_NeverExceedTheLimit()
    {
        var key = Policies.UniqueKey("rl-concurrent");
        await using var other = await redis.Server.ConnectAsync();
        using var first = Limiter(key, limit: 25, window: TimeSpan.FromMinutes(1));
        using var second = Limiter(key, limit: 25, window: TimeSpan.FromMinutes(1), store: new RedisCacheStore(other));

        var leases = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => (i % 2 == 0 ? first : second).AcquireAsync().AsTask()));

        Assert.Equal(25, leases.Count(l => l.IsAcquired));
        Assert.Equal(25, await redis.Database.SortedSetLengthAsync(first.Key));
        var stats = new[] { first.GetStatistics()!, second.GetStatistics()! };
        Assert.Equal(25, stats.Sum(s => s.TotalSuccessfulLeases));
        Assert.Equal(175, stats.Sum(s => s.TotalFailedLeases));
    }

    [Fact]
    public async Task SeveralPermitsPerLease_CountEachPermit()
    {
        var key = Policies.UniqueKey("rl-permits");
        using var limiter = Limiter(key, window: TimeSpan.FromMinutes(1));

        Assert.True((await limiter.AcquireAsync(4)).IsAcquired);
        Assert.True((await limiter.AcquireAsync(4)).IsAcquired);
        Assert.False((await limiter.AcquireAsync(4)).IsAcquired); // 8 used, 4 more would be 12
        Assert.True((await limiter.AcquireAsync(2)).IsAcquired);
        Assert.False((await limiter.AcquireAsync(1)).IsAcquired);
        Assert.False((await limiter.AcquireAsync(0)).IsAcquired); // a probe: none left
        Assert.Equal(10, await redis.Database.SortedSetLengthAsync(limiter.Key));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await limiter.AcquireAsync(11));
    }

    [Fact]
    public async Task AProbeForZeroPermits_TakesNone()
    {
        var key = Policies.UniqueKey("rl-probe");
        using var limiter = Limiter(key, limit: 2, window: TimeSpan.FromMinutes(1));

        Assert.True((await limiter.AcquireAsync(0)).IsAcquired);
        Assert.False(await redis.Database.KeyExistsAsync(limiter.Key));
        Assert.Equal(2, await GrantedAsync(limiter, 3));
    }

    [Fact]
    public async Task TheKey_HasATtlOfOneWindow_AndIsGoneWhenIdle()
    {
        var key = Policies.UniqueKey("rl-ttl");
        using var limiter = Limiter(key, window: TimeSpan.FromMilliseconds(400));

        Assert.Equal(3, await GrantedAsync(limiter, 3));
        var ttl = await redis.Database.KeyTimeToLiveAsync(limiter.Key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(400));

        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.False(await redis.Database.KeyExistsAsync(limiter.Key));
    }

    [Fact]
    public async Task GrantTimes_AreTheRedisClock()
    {
        var key = Policies.UniqueKey("rl-clock");
        using var limiter = Limiter(key, window: TimeSpan.FromMinutes(1));
        Assert.Equal(1, await GrantedAsync(limiter, 1));

        var time = (RedisResult[])(await redis.Database.ExecuteAsync("TIME"))!;
        var redisNowMicroseconds = (long)time[0] * 1_000_000 + (long)time[1];
        var entry = (await redis.Database.SortedSetRangeByRankWithScoresAsync(limiter.Key)).Single();
        Assert.InRange(redisNowMicroseconds - (long)entry.Score, 0, 2_000_000);
    }

    [Fact]
    public async Task AttemptAcquire_NeverCallsRedis_AndRefusesWithTheLastKnownRetryAfter()
    {
        var key = Policies.UniqueKey("rl-attempt");
        using var limiter = Limiter(key, limit: 2, window: TimeSpan.FromMinutes(1));

        using (var attempt = limiter.AttemptAcquire())
        {
            Assert.False(attempt.IsAcquired);
            Assert.False(attempt.TryGetMetadata(MetadataName.RetryAfter, out _));
        }

        Assert.False(await redis.Database.KeyExistsAsync(limiter.Key));
        Assert.True(limiter.AttemptAcquire(0).IsAcquired); // nothing known to be used yet

        Assert.Equal(2, await GrantedAsync(limiter, 3));
        using var full = limiter.AttemptAcquire();
        Assert.False(full.IsAcquired);
        Assert.True(full.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        Assert.False(limiter.AttemptAcquire(0).IsAcquired);
        Assert.Equal(2, await redis.Database.SortedSetLengthAsync(limiter.Key));
    }

    [Fact]
    public async Task Statistics_CountThisInstancesLeases_AndTheLastKnownAvailablePermits()
    {
        var key = Policies.UniqueKey("rl-stats");
        using var limiter = Limiter(key, limit: 5, window: TimeSpan.FromMinutes(1));
        Assert.Equal(5, limiter.GetStatistics()!.CurrentAvailablePermits);

        Assert.True((await limiter.AcquireAsync(3)).IsAcquired);
        var stats = limiter.GetStatistics()!;
        Assert.Equal(2, stats.CurrentAvailablePermits);
        Assert.Equal(1, stats.TotalSuccessfulLeases);

        Assert.Equal(2, await GrantedAsync(limiter, 4));
        stats = limiter.GetStatistics()!;
        Assert.Equal(0, stats.CurrentAvailablePermits);
        Assert.Equal(0, stats.CurrentQueuedCount);
        Assert.Equal(3, stats.TotalSuccessfulLeases);
        Assert.Equal(2, stats.TotalFailedLeases);
        Assert.NotNull(limiter.IdleDuration);
    }

    [Fact]
    public async Task Scripts_RecoverAfterScriptFlush()
    {
        var key = Policies.UniqueKey("rl-flush");
        using var limiter = Limiter(key, limit: 3, window: TimeSpan.FromMinutes(1));
        Assert.Equal(1, await GrantedAsync(limiter, 1));
        await redis.Multiplexer.GetServer(redis.Server.Endpoint).ScriptFlushAsync();

        Assert.Equal(2, await GrantedAsync(limiter, 3));
    }

    [Fact]
    public async Task PartitionedLimiter_GivesEachPartitionItsOwnWindow()
    {
        var prefix = Policies.UniqueKey("rl-partition") + ":";
        using var limiter = PartitionedRateLimiter.Create<string, string>(client => RedisRateLimitPartition.GetSlidingWindowLimiter(
            _store, client, c => new RedisSlidingWindowRateLimiterOptions { PermitLimit = 3, Window = TimeSpan.FromMinutes(1), Key = prefix + c }));

        var a = 0;
        var b = 0;
        for (var i = 0; i < 5; i++)
        {
            a += (await limiter.AcquireAsync("alice")).IsAcquired ? 1 : 0;
        }

        for (var i = 0; i < 2; i++)
        {
            b += (await limiter.AcquireAsync("bob")).IsAcquired ? 1 : 0;
        }

        Assert.Equal(3, a);
        Assert.Equal(2, b);
        Assert.Equal(3, await redis.Database.SortedSetLengthAsync(prefix + "alice"));
        Assert.Equal(2, await redis.Database.SortedSetLengthAsync(prefix + "bob"));
    }

    [Fact]
    public async Task TheStoresKeyPrefix_PrefixesTheWindow()
    {
        var prefix = "rlp-" + Guid.NewGuid().ToString("N");
        using var limiter = Limiter("window", store: new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = prefix }));
        Assert.Equal(prefix + ":window", limiter.Key);

        Assert.Equal(1, await GrantedAsync(limiter, 1));
        Assert.True(await redis.Database.KeyExistsAsync(prefix + ":window"));
    }

    [Fact]
    public void BadOptions_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Limiter("k", limit: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Limiter("k", window: TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => Limiter(""));
    }

    [Fact]
    public async Task ADisposedLimiter_Throws()
    {
        var limiter = Limiter(Policies.UniqueKey("rl-disposed"));
        limiter.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await limiter.AcquireAsync());
        Assert.Throws<ObjectDisposedException>(() => limiter.AttemptAcquire());
    }
}
