using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>The cluster fixture really is a three-master cluster that one multiplexer can use end to end.</summary>
[Collection(RedisCollections.Cluster)]
public sealed class RedisClusterFixtureTests(RedisClusterFixture fixture)
{
    [Fact]
    public async Task EveryNode_ReportsTheClusterOk()
    {
        Assert.Equal(3, fixture.Cluster.Ports.Count);
        foreach (var port in fixture.Cluster.Ports)
        {
            var info = await RedisProbe.SendAsync(port, TimeSpan.FromSeconds(5), "CLUSTER", "INFO");
            Assert.Contains("cluster_state:ok", info);
            Assert.Contains("cluster_size:3", info);
        }

        var viaMultiplexer = (string?)await fixture.Multiplexer.GetDatabase().ExecuteAsync("CLUSTER", "INFO");
        Assert.Contains("cluster_state:ok", viaMultiplexer);
    }

    [Fact]
    public async Task Keys_LandOnAllThreeMasters_ThroughOneMultiplexer()
    {
        var db = fixture.Multiplexer.GetDatabase();
        var keyByPort = new Dictionary<int, string>();
        for (var i = 0; keyByPort.Count < 3 && i < 1000; i++)
        {
            var key = $"spread:{Guid.NewGuid():N}";
            keyByPort.TryAdd(PortOf(db.IdentifyEndpoint(key)), key);
        }

        Assert.Equal(fixture.Cluster.Ports.Order(), keyByPort.Keys.Order());
        foreach (var (port, key) in keyByPort)
        {
            Assert.True(await db.StringSetAsync(key, "on " + port));
            Assert.Equal("on " + port, (string?)await db.StringGetAsync(key));

            // Asked directly, the owner has the key and every other master redirects.
            Assert.Equal("on " + port, await RedisProbe.SendAsync(port, TimeSpan.FromSeconds(5), "GET", key));
            foreach (var other in fixture.Cluster.Ports.Where(p => p != port))
            {
                var error = await Assert.ThrowsAsync<RedisProbeErrorException>(() => RedisProbe.SendAsync(other, TimeSpan.FromSeconds(5), "GET", key));
                Assert.StartsWith("MOVED", error.Message);
            }
        }
    }

    [Fact]
    public async Task CacheStore_WorksAcrossTheCluster()
    {
        var store = new RedisCacheStore(fixture.Multiplexer);
        var factories = Enumerable.Range(0, 30).Select(i => (Key: Policies.UniqueKey("cluster"), Factory: new CountingFactory<int>(i))).ToArray();

        foreach (var (key, factory) in factories)
        {
            await store.GetOrCreateCountedAsync(key, Policies.Int(), factory);
            await store.GetOrCreateCountedAsync(key, Policies.Int(), factory);
        }

        Assert.All(factories, f => Assert.Equal(1, f.Factory.Calls));
        Assert.Equal(3, factories.Select(f => PortOf(fixture.Multiplexer.GetDatabase().IdentifyEndpoint(f.Key))).Distinct().Count());
    }

    private static int PortOf(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint ip => ip.Port,
        DnsEndPoint dns => dns.Port,
        _ => throw new InvalidOperationException($"No endpoint for the key ({endpoint})."),
    };
}
