using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Caching.TestSupport;
using StackExchange.Redis;

namespace Caching.Runtime.Tests.Support;

/// <summary>Which master of the cluster fixture holds a key, and what each master holds.</summary>
internal static class ClusterNodes
{
    public static int PortOf(RedisClusterFixture fixture, RedisKey key) => fixture.Multiplexer.GetDatabase().IdentifyEndpoint(key) switch
    {
        IPEndPoint ip => ip.Port,
        DnsEndPoint dns => dns.Port,
        var other => throw new InvalidOperationException($"No endpoint for '{key}' ({other})."),
    };

    /// <summary>How many keys matching <paramref name="pattern"/> each master holds, asked of each master with SCAN.</summary>
    public static async Task<Dictionary<int, int>> CountPerNodeAsync(RedisClusterFixture fixture, string pattern)
    {
        var counts = new Dictionary<int, int>();
        foreach (var port in fixture.Cluster.Ports)
        {
            var count = 0;
            await foreach (var _ in fixture.Multiplexer.GetServer("127.0.0.1", port).KeysAsync(pattern: pattern))
            {
                count++;
            }

            counts[port] = count;
        }

        return counts;
    }

    /// <summary>Keys from <paramref name="make"/> (fed 0, 1, 2, …) until every master holds at least <paramref name="perNode"/> of them.</summary>
    public static List<string> SpreadOverEveryNode(RedisClusterFixture fixture, Func<int, string> make, int perNode)
    {
        var keys = new List<string>();
        var perPort = fixture.Cluster.Ports.ToDictionary(p => p, _ => 0);
        for (var i = 0; perPort.Values.Any(c => c < perNode); i++)
        {
            var key = make(i);
            keys.Add(key);
            perPort[PortOf(fixture, key)]++;
        }

        return keys;
    }
}
