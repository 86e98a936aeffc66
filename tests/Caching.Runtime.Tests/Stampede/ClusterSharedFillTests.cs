using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Stampede;

/// <summary>Shared fills on the three-master cluster: one core call per key on every master, tagged or not.</summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterSharedFillTests
{
    private const int Callers = 200;

    private readonly RedisClusterFixture _fixture;
    private readonly RedisCacheStore _store;
    private readonly FillProbe _probe;
    private readonly CachePolicy<Product> _policy = Policies.Product();

    public ClusterSharedFillTests(RedisClusterFixture fixture)
    {
        _fixture = fixture;
        _store = new RedisCacheStore(fixture.Multiplexer);
        _probe = new FillProbe(_store);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConcurrentMisses_CallTheCoreOncePerKey_OnEveryMaster(bool tagged)
    {
        foreach (var key in ClusterNodes.SpreadOverEveryNode(_fixture, _ => Policies.UniqueKey("cluster-stampede"), 1))
        {
            var core = new GatedFactory<Product>(Policies.SampleProduct(1));
            // The tags' stamps live in other slots, so a tagged read spans masters.
            string[]? tags = tagged ? ["cluster-stampede-a", "cluster-stampede-b"] : null;

            var calls = Enumerable.Range(0, Callers)
                .Select(_ => _store.GetOrCreateAsync(key, tags, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask())
                .ToArray();
            await core.Entered;
            await _probe.Joined(key, Callers);
            core.Release();

            Assert.All(await Task.WhenAll(calls), value => Assert.Equal(Policies.SampleProduct(1), value));
            Assert.Equal(1, core.Calls);
            Assert.Equal(Policies.SampleProduct(1), (await _store.TryGetAsync(key, tags, _policy)).Value);
        }
    }
}
