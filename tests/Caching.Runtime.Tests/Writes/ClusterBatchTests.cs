using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// <see cref="ICacheStore.GetOrCreateManyAsync"/> on the three-master cluster (issue 4, item 5): one MGET per hash
/// slot (a multi-key command must stay in one slot), counted on each master with <c>INFO commandstats</c>; the
/// misses written back by one script each on the master that owns them. Tests of the cluster collection run one
/// at a time, and nothing else sends MGET or scripts to the cluster.
/// </summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterBatchTests(RedisClusterFixture fixture)
{
    private readonly RedisCacheStore _store = new(fixture.Multiplexer);
    private readonly CachePolicy<string> _policy = Policies.String();

    [Fact]
    public async Task KeysOverManySlots_AreReadWithOneMgetPerSlot_OnTheMasterOwningIt()
    {
        var prefix = Policies.UniqueKey("cluster-batch") + ":";
        var ids = Enumerable.Range(1, 60).ToArray();
        string KeyOf(int id) => prefix + id;
        var hits = ids.Where(id => id % 3 == 0).ToArray();
        foreach (var id in hits)
        {
            Assert.True(await _store.SetAsync(KeyOf(id), "cached-" + id, _policy));
        }

        var misses = ids.Except(hits).ToArray();
        var slotsPerPort = ids.GroupBy(id => ClusterNodes.PortOf(fixture, KeyOf(id)))
            .ToDictionary(g => g.Key, g => g.Select(id => fixture.Multiplexer.HashSlot(KeyOf(id))).Distinct().Count());
        var missesPerPort = misses.GroupBy(id => ClusterNodes.PortOf(fixture, KeyOf(id))).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, slotsPerPort.Count); // the keys really are spread over every master
        var core = new RecordingBatchCore();
        var ports = fixture.Cluster.Ports;
        var before = await CommandStats.ReadAsync(ports);

        var values = await _store.GetOrCreateManyAsync(ids, KeyOf, null, _policy, core, static (c, m, ct) => c.LoadAsync(m, ct));

        var after = await CommandStats.ReadAsync(ports);
        Assert.Equal(misses, Assert.Single(core.Calls).Order());
        Assert.Equal(ids, values.Keys.Order());
        Assert.All(hits, id => Assert.Equal("cached-" + id, values[id]));
        for (var n = 0; n < ports.Count; n++)
        {
            var commands = CommandStats.Describe(before[n].Deltas(after[n]));
            Assert.True(before[n].Delta(after[n], "mget") == slotsPerPort[ports[n]],
                $"node {ports[n]}: expected {slotsPerPort[ports[n]]} MGETs (one per slot); commands: {commands}");
            // Each script GETs its key inside Redis (commandstats counts that too); no GET comes from the client.
            Assert.True(before[n].Delta(after[n], "get") == before[n].ScriptDelta(after[n]), $"node {ports[n]}: GET sent by the client; commands: {commands}");
            Assert.True(before[n].ScriptDelta(after[n]) == missesPerPort.GetValueOrDefault(ports[n]),
                $"node {ports[n]}: expected {missesPerPort.GetValueOrDefault(ports[n])} scripts; commands: {commands}");
        }

        foreach (var id in misses)
        {
            Assert.Equal(RecordingBatchCore.ValueOf(id), (await _store.TryGetAsync(KeyOf(id), _policy)).Value);
        }
    }

    [Fact]
    public async Task KeysSharingAHashTag_AreReadWithOneMget()
    {
        var prefix = "{" + Policies.UniqueKey("cluster-batch-tag") + "}:";
        var ids = Enumerable.Range(1, 50).ToArray();
        var ports = fixture.Cluster.Ports;
        var before = await CommandStats.ReadAsync(ports);

        var values = await _store.GetOrCreateManyAsync(ids, id => prefix + id, null, _policy, new RecordingBatchCore(), static (c, m, ct) => c.LoadAsync(m, ct));

        var after = await CommandStats.ReadAsync(ports);
        Assert.Equal(50, values.Count);
        Assert.Equal(1, Enumerable.Range(0, ports.Count).Sum(n => before[n].Delta(after[n], "mget")));
        Assert.Equal(50, Enumerable.Range(0, ports.Count).Sum(n => before[n].ScriptDelta(after[n])));
    }

    [Fact]
    public async Task SecondCall_IsAllHits_AndDoesNotCallTheCore()
    {
        var prefix = Policies.UniqueKey("cluster-batch-hits") + ":";
        var ids = Enumerable.Range(1, 30).ToArray();
        await _store.GetOrCreateManyAsync(ids, id => prefix + id, null, _policy, new RecordingBatchCore(), static (c, m, ct) => c.LoadAsync(m, ct));
        var core = new RecordingBatchCore();

        var values = await _store.GetOrCreateManyAsync(ids, id => prefix + id, null, _policy, core, static (c, m, ct) => c.LoadAsync(m, ct));

        Assert.Empty(core.Calls);
        Assert.Equal(ids.ToDictionary(id => id, RecordingBatchCore.ValueOf), values);
    }

    [Fact]
    public async Task EmptyInput_ReturnsAnEmptyDictionary_WithoutCallingTheCore()
    {
        var core = new RecordingBatchCore();

        var values = await _store.GetOrCreateManyAsync(Array.Empty<int>(), id => "never:" + id, null, _policy, core, static (c, m, ct) => c.LoadAsync(m, ct));

        Assert.Empty(values);
        Assert.Empty(core.Calls);
    }

    [Fact]
    public async Task DuplicateIds_AreLoadedOnce_AndReturnedOnce()
    {
        var prefix = Policies.UniqueKey("cluster-batch-dup") + ":";
        var core = new RecordingBatchCore();

        var values = await _store.GetOrCreateManyAsync([7, 7, 8, 7, 8], id => prefix + id, null, _policy, core, static (c, m, ct) => c.LoadAsync(m, ct));

        Assert.Equal([7, 8], Assert.Single(core.Calls));
        Assert.Equal(new Dictionary<int, string> { [7] = "value-7", [8] = "value-8" }, values);
    }
}
