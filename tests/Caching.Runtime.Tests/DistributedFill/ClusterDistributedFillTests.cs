using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.DistributedFill;

/// <summary>
/// Distributed fills on the three-master cluster: four "processes" (their own multiplexers and stores) call the
/// core once per key on every master, tagged or not. The lock lives in its own slot unless the key has a hash tag;
/// every lock command names one key, so that is fine.
/// </summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterDistributedFillTests(RedisClusterFixture fixture)
{
    private const int Processes = 4;
    private const int CallersPerProcess = 25;

    private readonly CachePolicy<Product> _policy = Policies.Product();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConcurrentMissesInSeveralProcesses_CallTheCoreOncePerKey_OnEveryMaster(bool tagged)
    {
        var multiplexers = new ConnectionMultiplexer[Processes];
        try
        {
            for (var i = 0; i < Processes; i++)
            {
                multiplexers[i] = await fixture.Cluster.ConnectAsync();
            }

            var stores = multiplexers
                .Select(m => new RedisCacheStore(m, new RedisCacheStoreOptions { DistributedFill = new DistributedFillOptions { Enabled = true } }))
                .ToArray();
            string[]? tags = tagged ? ["cluster-distributed-a", "cluster-distributed-b"] : null;
            foreach (var key in ClusterNodes.SpreadOverEveryNode(fixture, _ => Policies.UniqueKey("cluster-distributed"), 1))
            {
                var core = new SlowCore<Product>(Policies.SampleProduct(1), TimeSpan.FromMilliseconds(150));

                var calls = stores
                    .SelectMany(store => Enumerable.Range(0, CallersPerProcess).Select(_ => store.GetOrCreateAsync(key, tags, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask()))
                    .ToArray();

                Assert.All(await Task.WhenAll(calls), value => Assert.Equal(Policies.SampleProduct(1), value));
                Assert.Equal(1, core.Calls);
                Assert.Equal(Policies.SampleProduct(1), (await stores[2].TryGetAsync(key, tags, _policy)).Value);
                Assert.False(await fixture.Multiplexer.GetDatabase().KeyExistsAsync(key + FillLock.Suffix));
            }
        }
        finally
        {
            foreach (var multiplexer in multiplexers)
            {
                if (multiplexer is not null)
                {
                    await multiplexer.DisposeAsync();
                }
            }
        }
    }
}
