using System.Linq;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>Generated methods on a local 3-master Redis Cluster: keys spread over the masters, hits everywhere.</summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterTests(RedisClusterFixture cluster)
{
    [Fact]
    public async Task CachedMethod_WorksAcrossAllMasters()
    {
        var db = new ProductDb();
        var repository = ShopApp.CreateRepository(Stores.Create(cluster.Multiplexer, out var prefix), db);

        for (var round = 0; round < 2; round++)
        {
            for (var id = 0; id < 60; id++)
            {
                Assert.Equal(id, (await repository.GetProductAsync(id))!.Id);
            }
        }

        Assert.Equal(60, db.Calls);
        var mastersHoldingKeys = cluster.Multiplexer.GetServers()
            .Where(s => !s.IsReplica)
            .Count(s => s.Keys(pattern: prefix + ":*").Any());
        Assert.Equal(3, mastersHoldingKeys);
    }
}
