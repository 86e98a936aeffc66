using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Tags;

/// <summary>
/// On the 3-master cluster, an entry's tags' stamps live in other slots (and on other masters) than the entry.
/// Every command the store sends touches one key (or one slot), so there is no CROSSSLOT; the store would log one
/// as a failed read and answer from the core, so an empty log and a factory called once prove there was none.
/// </summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterTagTests(RedisClusterFixture fixture)
{
    private readonly ListLogger _log = new();

    [Fact]
    public async Task EntryWithTwoTagsOnOtherMasters_IsInvalidatedByEither_WithoutCrossSlot()
    {
        var store = NewStore();
        var (tagA, tagB) = TagsOnDifferentMasters(store);
        var keys = KeysOnEveryMaster(store);
        var factory = new CountingFactory<int>(7);

        foreach (var key in keys)
        {
            await store.GetOrCreateCountedAsync(key, [tagA, tagB], Policies.Int(), factory);
            await store.GetOrCreateCountedAsync(key, [tagA, tagB], Policies.Int(), factory);
        }

        Assert.Equal(keys.Length, factory.Calls); // every second call was a hit
        Assert.True(await store.InvalidateTagAsync(tagB));
        foreach (var key in keys)
        {
            Assert.Equal(CacheEntryStatus.TagInvalidated, (await store.TryGetAsync(key, [tagA, tagB], Policies.Int())).Status);
        }

        Assert.Empty(_log.EventNames);
    }

    [Fact]
    public async Task BatchOfTaggedEntriesAcrossSlots_IsReadAndInvalidated_WithoutCrossSlot()
    {
        var store = NewStore();
        var (tagA, tagB) = TagsOnDifferentMasters(store);
        var prefix = store.KeyPrefix + Policies.UniqueKey("cluster-batch") + ":";
        var ids = Enumerable.Range(0, 60).ToArray();
        string Key(int id) => prefix + id.ToString(CultureInfo.InvariantCulture);
        string[] TagsOf(int id) => id % 2 == 0 ? [tagA, tagB] : [tagA];
        var loads = 0;
        async Task<IReadOnlyDictionary<int, int>> LoadAsync()
            => await store.GetOrCreateManyAsync(ids, Key, TagsOf, Policies.Int(), 0, (_, misses, _) =>
            {
                loads += misses.Count;
                return ValueTask.FromResult<IReadOnlyDictionary<int, int>>(misses.ToDictionary(id => id, id => id));
            });

        await LoadAsync();
        await LoadAsync();
        Assert.Equal(ids.Length, loads); // the second batch was all hits

        await store.InvalidateTagAsync(tagB);
        await LoadAsync();

        Assert.Equal(ids.Length + ids.Length / 2, loads); // exactly the entries carrying tagB were reloaded
        Assert.Empty(_log.EventNames);
    }

    [Fact]
    public async Task TheTwoStamps_AreInSlotsThatOneCommandCannotSpan()
    {
        // The control for the tests above: the tags they use really are in different slots, on different masters.
        var store = NewStore();
        var (tagA, tagB) = TagsOnDifferentMasters(store);
        var stampA = store.KeyPrefix + "tag:" + tagA + "#tag";
        var stampB = store.KeyPrefix + "tag:" + tagB + "#tag";

        var owner = PortOf(fixture.Multiplexer.GetDatabase().IdentifyEndpoint(stampA));
        var error = await Assert.ThrowsAsync<RedisProbeErrorException>(() => RedisProbe.SendAsync(owner, TimeSpan.FromSeconds(5), "MGET", stampA, stampB));

        Assert.StartsWith("CROSSSLOT", error.Message);
    }

    private RedisCacheStore NewStore()
        => new(fixture.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = "ctags-" + Guid.NewGuid().ToString("N") }, _log);

    private (string A, string B) TagsOnDifferentMasters(RedisCacheStore store)
    {
        var database = fixture.Multiplexer.GetDatabase();
        int Owner(string tag) => PortOf(database.IdentifyEndpoint(store.KeyPrefix + "tag:" + tag + "#tag"));
        var tagB = Enumerable.Range(1, 1000).Select(i => "tenant:" + i.ToString(CultureInfo.InvariantCulture)).First(t => Owner(t) != Owner("tenant:0"));
        return ("tenant:0", tagB);
    }

    private string[] KeysOnEveryMaster(RedisCacheStore store)
    {
        var database = fixture.Multiplexer.GetDatabase();
        var byMaster = new Dictionary<int, string>();
        for (var i = 0; byMaster.Count < 3 && i < 1000; i++)
        {
            var key = store.KeyPrefix + Policies.UniqueKey("cluster-tags");
            byMaster.TryAdd(PortOf(database.IdentifyEndpoint(key)), key);
        }

        Assert.Equal(3, byMaster.Count);
        return byMaster.Values.ToArray();
    }

    private static int PortOf(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint ip => ip.Port,
        DnsEndPoint dns => dns.Port,
        _ => throw new InvalidOperationException($"No endpoint for the key ({endpoint})."),
    };
}
