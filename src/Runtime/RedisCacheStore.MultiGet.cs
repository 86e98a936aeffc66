using System.Collections.Generic;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

// Reading many keys in one round trip, cluster-safe; used by tagged reads, batches and warming.
public sealed partial class RedisCacheStore
{
    // MGET that respects Redis Cluster: on a cluster, one MGET per hash slot (a multi-key command must stay in one
    // slot); on a single server, one MGET for everything. The commands are issued together, so they are pipelined.
    private async Task<RedisValue[]> MultiGetAsync(RedisKey[] keys)
    {
        var database = Database;
        if (!IsCluster)
        {
            return await database.StringGetAsync(keys).ConfigureAwait(false);
        }

        var groups = new Dictionary<int, List<int>>();
        for (var i = 0; i < keys.Length; i++)
        {
            var slot = _multiplexer.HashSlot(keys[i]);
            if (!groups.TryGetValue(slot, out var members))
            {
                groups[slot] = members = new List<int>();
            }

            members.Add(i);
        }

        var reads = new List<(List<int> Members, Task<RedisValue[]> Read)>(groups.Count);
        foreach (var members in groups.Values)
        {
            var groupKeys = new RedisKey[members.Count];
            for (var j = 0; j < members.Count; j++)
            {
                groupKeys[j] = keys[members[j]];
            }

            reads.Add((members, database.StringGetAsync(groupKeys)));
        }

        var values = new RedisValue[keys.Length];
        foreach (var (members, read) in reads)
        {
            var groupValues = await read.ConfigureAwait(false);
            for (var j = 0; j < members.Count; j++)
            {
                values[members[j]] = groupValues[j];
            }
        }

        return values;
    }

    // Whether the connection is to a Redis Cluster, learnt from the first connected server and kept: a deployment
    // does not switch between cluster and single server under a running process.
    private bool IsCluster
    {
        get
        {
            if (_isCluster is { } known)
            {
                return known;
            }

            foreach (var server in _multiplexer.GetServers())
            {
                if (server.IsConnected)
                {
                    _isCluster = server.ServerType == ServerType.Cluster;
                    return _isCluster.Value;
                }
            }

            return false;
        }
    }

    private bool? _isCluster;
}
