using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Hashes;

/// <summary>
/// The storage options on the three-master cluster, with keys on every master: the hash fill script and the
/// compressed string entry each name one key, so they run wherever the key lives.
/// </summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterStorageTests(RedisClusterFixture fixture)
{
    private static readonly HashUser Bob = new(3, "Bob", "bobby", Tier.Free, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task HashLayoutAndCompression_WorkOnEveryMaster()
    {
        await using var multiplexer = await fixture.Cluster.ConnectAsync();
        var store = new RedisCacheStore(multiplexer);
        var hashPolicy = new CachePolicy<HashUser?>("Tests.ClusterHash", TimeSpan.FromMinutes(10), TimeSpan.Zero, 0x5EED_0011, HashLayoutSerializer<HashUser?>.Instance)
        {
            HashMapper = new HashUserMapper(),
        };
        var text = string.Concat(Enumerable.Repeat("cluster text ", 500));
        var compressed = new CachePolicy<string>("Tests.ClusterCompressed", TimeSpan.FromMinutes(10), TimeSpan.Zero, 0x5EED_0012, StringCacheSerializer.Instance)
        {
            CompressAbove = 1024,
        };

        foreach (var key in ClusterNodes.SpreadOverEveryNode(fixture, _ => Policies.UniqueKey("cluster-storage"), 1))
        {
            var hashCore = new CountingFactory<HashUser?>(Bob);
            Assert.Equal(Bob, await store.GetOrCreateCountedAsync(key, hashPolicy, hashCore));
            Assert.Equal(Bob, await store.GetOrCreateCountedAsync(key, hashPolicy, hashCore));
            Assert.Equal(1, hashCore.Calls);
            Assert.Equal("bobby", (string?)(await store.TryGetHashFieldAsync(key, hashPolicy, 2)).Value);
            Assert.True(await store.InvalidateAsync(key));
            Assert.Equal(CacheEntryStatus.Invalidated, (await store.TryGetHashFieldAsync(key, hashPolicy, 2)).Status);

            var textKey = key + ":text";
            var textCore = new CountingFactory<string>(text);
            Assert.Equal(text, await store.GetOrCreateCountedAsync(textKey, compressed, textCore));
            Assert.Equal(text, await store.GetOrCreateCountedAsync(textKey, compressed, textCore));
            Assert.Equal(1, textCore.Calls);
            var stored = (byte[])(await multiplexer.GetDatabase().StringGetAsync(textKey))!;
            Assert.Equal(16, stored[2]);
        }
    }
}
