using System.Linq;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>The write patterns, tags, batches and companions on a local 3-master Redis Cluster: no CROSSSLOT, same behaviour.</summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterWriteTests(RedisClusterFixture cluster)
{
    private readonly AccountDb _db = new();

    private IAccountRepository Repository() => AccountApp.CreateRepository(Stores.Create(cluster.Multiplexer, out _), _db);

    [Fact]
    public async Task WriteThroughInvalidationAndTags_WorkAcrossSlots()
    {
        var repository = Repository();
        _db.Seed(Enumerable.Range(1, 40).Select(id => new Account(id, "a" + id)).ToArray());
        for (var id = 1; id <= 40; id++)
        {
            await repository.GetAccountAsync(id);
        }

        await repository.SaveAccountAsync(new Account(1, "saved"));
        await repository.DeleteAccountAsync(2);
        Assert.Equal("saved", (await repository.GetAccountAsync(1))!.Name);
        Assert.Null(await repository.GetAccountAsync(2));
        Assert.Equal(41, _db.Reads);

        // One stamp invalidates entries spread over all three masters.
        await repository.RenameAllAsync("!");
        for (var id = 3; id <= 40; id++)
        {
            Assert.Equal("a" + id + "!", (await repository.GetAccountAsync(id))!.Name);
        }
    }

    [Fact]
    public async Task Batch_ReadsAndWritesKeysOfManySlots()
    {
        var repository = Repository();
        _db.Seed(Enumerable.Range(1, 100).Select(id => new Account(id, "a" + id)).ToArray());

        var first = await repository.GetAccountsAsync(Enumerable.Range(1, 100));
        var second = await repository.GetAccountsAsync(Enumerable.Range(1, 100));

        Assert.Equal(100, first.Count);
        Assert.Equal(100, second.Count);
        Assert.Single(_db.BatchReads);
        Assert.Equal("a77", (await repository.GetAccountAsync(77))!.Name);
        Assert.Equal(1, _db.Reads);
    }

    [Fact]
    public async Task WarmAndRefresh_WorkAcrossSlots()
    {
        var repository = Repository();
        _db.Seed(Enumerable.Range(1, 60).Select(id => new Account(id, "a" + id)).ToArray());

        Assert.Equal(60, await repository.WarmAccountAsync(Enumerable.Range(1, 60)));
        _db.Seed(new Account(30, "fresh"));
        Assert.Equal("fresh", (await repository.RefreshAccountAsync(30))!.Name);

        for (var id = 1; id <= 60; id++)
        {
            Assert.True((await repository.TryGetAccountAsync(id)).IsHit);
        }

        Assert.Equal("fresh", (await repository.GetAccountAsync(30))!.Name);
        Assert.Equal(61, _db.Reads);
    }
}
