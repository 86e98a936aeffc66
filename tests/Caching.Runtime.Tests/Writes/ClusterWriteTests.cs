using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// Write-through, invalidation, the fill race and warming on the three-master cluster: every script touches one key,
/// so it runs on the master owning that key without a CROSSSLOT error.
/// </summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterWriteTests(RedisClusterFixture fixture)
{
    private const string Old = "old";
    private const string New = "new";

    private readonly RedisCacheStore _store = new(fixture.Multiplexer);
    private readonly CachePolicy<string> _policy = Policies.String();

    [Fact]
    public async Task FillThatReadOld_FinishingAfterAWriteThroughOfNew_LeavesNew_OnEveryMaster()
    {
        foreach (var key in ClusterNodes.SpreadOverEveryNode(fixture, _ => Policies.UniqueKey("cluster-race-write"), 1))
        {
            var core = new GatedFactory<string>(Old);
            var fill = _store.GetOrCreateAsync(key, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask();
            await core.Entered;
            Assert.True(await _store.SetAsync(key, New, _policy));
            core.Release();

            Assert.Equal(Old, await fill);
            Assert.Equal(New, (await _store.TryGetAsync(key, _policy)).Value);
        }
    }

    [Fact]
    public async Task FillThatReadOld_FinishingAfterAnInvalidation_StoresNothing_OnEveryMaster()
    {
        foreach (var key in ClusterNodes.SpreadOverEveryNode(fixture, _ => Policies.UniqueKey("cluster-race-invalidate"), 1))
        {
            var core = new GatedFactory<string>(Old);
            var fill = _store.GetOrCreateAsync(key, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask();
            await core.Entered;
            Assert.True(await _store.InvalidateAsync(key));
            core.Release();

            Assert.Equal(Old, await fill);
            Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(key, _policy)).Status);
        }
    }

    [Fact]
    public async Task GatedFill_WithNothingInBetween_IsStored_OnEveryMaster()
    {
        foreach (var key in ClusterNodes.SpreadOverEveryNode(fixture, _ => Policies.UniqueKey("cluster-race-control"), 1))
        {
            var core = new GatedFactory<string>(Old);
            var fill = _store.GetOrCreateAsync(key, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask();
            await core.Entered;
            core.Release();

            Assert.Equal(Old, await fill);
            Assert.Equal(Old, (await _store.TryGetAsync(key, _policy)).Value);
        }
    }

    [Fact]
    public async Task Warming250Items_StoresThemAll_OnEveryMaster_ThenReadsHitWithoutTheCore()
    {
        var prefix = Policies.UniqueKey("cluster-warm") + ":";
        Assert.Equal(3, Enumerable.Range(1, 250).Select(id => ClusterNodes.PortOf(fixture, prefix + id)).Distinct().Count());

        await WarmTests.WarmAndReadBackAsync(_store, prefix, 250);
    }
}
