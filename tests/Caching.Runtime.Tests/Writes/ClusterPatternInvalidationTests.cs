using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// <see cref="ICacheStore.InvalidatePatternAsync"/> on the three-master cluster (issue 4, item 7): each master holds
/// its own keys, so each is scanned, and its keys are unlinked in groups of one hash slot. Checked on each master.
/// </summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterPatternInvalidationTests(RedisClusterFixture fixture)
{
    [Fact]
    public async Task KeysOnEveryMaster_AreDeleted_AndOthersAreLeft()
    {
        var app = "app-" + Guid.NewGuid().ToString("N");
        var store = new RedisCacheStore(fixture.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = app });
        var matching = ClusterNodes.SpreadOverEveryNode(fixture, i => $"{app}:user:{i}", perNode: 20);
        var untouched = ClusterNodes.SpreadOverEveryNode(fixture, i => $"{app}:users2:{i}", perNode: 2)
            .Concat(ClusterNodes.SpreadOverEveryNode(fixture, i => $"other-{app}:user:{i}", perNode: 2))
            .ToArray();
        var database = fixture.Multiplexer.GetDatabase();
        Assert.All(await Task.WhenAll(matching.Concat(untouched).Select(k => database.StringSetAsync(k, "v", TimeSpan.FromMinutes(10)))), Assert.True);
        var perNodeBefore = await ClusterNodes.CountPerNodeAsync(fixture, $"{app}:user:*");
        Assert.All(perNodeBefore.Values, count => Assert.True(count >= 20));
        var ports = fixture.Cluster.Ports;
        var before = await CommandStats.ReadAsync(ports);

        var deleted = await store.InvalidatePatternAsync("user:*");

        var after = await CommandStats.ReadAsync(ports);
        Assert.Equal(matching.Count, deleted);
        Assert.All(await ClusterNodes.CountPerNodeAsync(fixture, $"{app}:user:*"), node => Assert.True(node.Value == 0, $"node {node.Key} kept {node.Value} keys"));
        Assert.All(await Task.WhenAll(untouched.Select(k => database.KeyExistsAsync(k))), Assert.True);
        for (var n = 0; n < ports.Count; n++)
        {
            var commands = CommandStats.Describe(before[n].Deltas(after[n]));
            Assert.True(before[n].Delta(after[n], "keys") == 0, $"node {ports[n]}: KEYS used; commands: {commands}");
            Assert.True(before[n].Delta(after[n], "scan") >= 1, $"node {ports[n]}: not scanned; commands: {commands}");
            Assert.True(before[n].Delta(after[n], "unlink") >= 1, $"node {ports[n]}: no UNLINK; commands: {commands}");
        }
    }

    [Fact]
    public async Task APrefixWithGlobCharacters_IsMatchedLiterally_OnEveryMaster()
    {
        var id = Guid.NewGuid().ToString("N");
        var store = new RedisCacheStore(fixture.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = $"app[1]{id}" });
        var ours = ClusterNodes.SpreadOverEveryNode(fixture, i => $"app[1]{id}:user:{i}", perNode: 3);
        var lookalikes = ClusterNodes.SpreadOverEveryNode(fixture, i => $"app1{id}:user:{i}", perNode: 3);
        var database = fixture.Multiplexer.GetDatabase();
        Assert.All(await Task.WhenAll(ours.Concat(lookalikes).Select(k => database.StringSetAsync(k, "v", TimeSpan.FromMinutes(10)))), Assert.True);

        Assert.Equal(ours.Count, await store.InvalidatePatternAsync("user:*"));

        Assert.All(await Task.WhenAll(ours.Select(k => database.KeyExistsAsync(k))), Assert.False);
        Assert.All(await Task.WhenAll(lookalikes.Select(k => database.KeyExistsAsync(k))), Assert.True);
    }

    [Fact]
    public async Task EntriesWrittenByTheStore_AreMissesAfterwards()
    {
        var app = "app-" + Guid.NewGuid().ToString("N");
        var store = new RedisCacheStore(fixture.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = app });
        var keys = ClusterNodes.SpreadOverEveryNode(fixture, i => Keys.Formatted(store.KeyPrefix + "user:", i, null), perNode: 2);
        foreach (var key in keys)
        {
            Assert.True(await store.SetAsync(key, 1, Policies.Int()));
        }

        Assert.Equal(keys.Count, await store.InvalidatePatternAsync("user:*"));

        foreach (var key in keys)
        {
            Assert.Equal(CacheEntryStatus.Missing, (await store.TryGetAsync(key, Policies.Int())).Status);
        }
    }
}
