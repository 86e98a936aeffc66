using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Microsoft.Extensions.Caching.Distributed;
using Xunit;

namespace Caching.Runtime.Tests.RateLimiting;

/// <summary>
/// The rate limiter's and the distributed cache's scripts on the three-master cluster: one key per call, so each runs
/// on the master owning its key without a CROSSSLOT error.
/// </summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterRateLimitingTests(RedisClusterFixture fixture)
{
    private readonly RedisCacheStore _store = new(fixture.Multiplexer);

    [Fact]
    public async Task EachWindow_IsExact_OnEveryMaster()
    {
        foreach (var key in ClusterNodes.SpreadOverEveryNode(fixture, _ => Policies.UniqueKey("cluster-rl"), 1))
        {
            using var limiter = new RedisSlidingWindowRateLimiter(_store, new RedisSlidingWindowRateLimiterOptions
            {
                PermitLimit = 3,
                Window = TimeSpan.FromMinutes(1),
                Key = key,
            });
            var leases = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => limiter.AcquireAsync().AsTask()));

            Assert.Equal(3, leases.Count(l => l.IsAcquired));
            Assert.Equal(3, await fixture.Multiplexer.GetDatabase().SortedSetLengthAsync(key));
        }
    }

    [Fact]
    public async Task DistributedCacheEntries_RoundTripAndSlide_OnEveryMaster()
    {
        var cache = new RedisDistributedCache(_store);
        foreach (var key in ClusterNodes.SpreadOverEveryNode(fixture, _ => Policies.UniqueKey("cluster-dc"), 1))
        {
            await cache.SetAsync(key, [1, 2, 3], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
            Assert.Equal(new byte[] { 1, 2, 3 }, await cache.GetAsync(key));
            await cache.RefreshAsync(key);
            await cache.RemoveAsync(key);
            Assert.Null(await cache.GetAsync(key));
        }
    }
}
