using System.Linq;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>The generated companions of a [Cached] method and the [CachedBatch] method, against a real redis-server.</summary>
[Collection(RedisCollections.Server)]
public sealed class CompanionTests(RedisServerFixture redis)
{
    private readonly AccountDb _db = new();

    private IAccountRepository Repository() => AccountApp.CreateRepository(Stores.Create(redis.Multiplexer, out _), _db);

    [Fact]
    public async Task TryGet_MissesWithoutCallingTheCore_ThenHits()
    {
        var repository = Repository();
        _db.Seed(new Account(1, "one"));

        Assert.False((await repository.TryGetAccountAsync(1)).IsHit);
        Assert.Equal(0, _db.Reads);
        await repository.GetAccountAsync(1);
        var lookup = await repository.TryGetAccountAsync(1);

        Assert.True(lookup.IsHit);
        Assert.Equal("one", lookup.Value!.Name);
        Assert.Equal(1, _db.Reads);
    }

    [Fact]
    public async Task Invalidate_MakesTheNextReadMiss()
    {
        var repository = Repository();
        _db.Seed(new Account(1, "one"));
        await repository.GetAccountAsync(1);

        Assert.True(await repository.InvalidateAccountAsync(1));

        Assert.Equal(CacheEntryStatus.Invalidated, (await repository.TryGetAccountAsync(1)).Status);
        await repository.GetAccountAsync(1);
        Assert.Equal(2, _db.Reads);
    }

    [Fact]
    public async Task Refresh_ReloadsThroughTheCoreAndOverwrites()
    {
        var repository = Repository();
        _db.Seed(new Account(1, "old"));
        await repository.GetAccountAsync(1);
        _db.Seed(new Account(1, "changed behind the cache's back"));

        var refreshed = await repository.RefreshAccountAsync(1);

        Assert.Equal("changed behind the cache's back", refreshed!.Name);
        Assert.Equal(refreshed, await repository.GetAccountAsync(1));
        Assert.Equal(2, _db.Reads);
    }

    [Fact]
    public async Task Warm_LoadsEveryItemThroughTheCore_ThenReadsHit()
    {
        var repository = Repository();
        _db.Seed(Enumerable.Range(1, 150).Select(id => new Account(id, "a" + id)).ToArray());

        Assert.Equal(150, await repository.WarmAccountAsync(Enumerable.Range(1, 150)));
        Assert.Equal(150, _db.Reads);

        for (var id = 1; id <= 150; id++)
        {
            Assert.Equal("a" + id, (await repository.GetAccountAsync(id))!.Name);
        }

        Assert.Equal(150, _db.Reads);
    }

    [Fact]
    public async Task Batch_CallsTheCoreOnceWithTheDistinctMissesOnly()
    {
        var repository = Repository();
        _db.Seed(new Account(1, "a"), new Account(2, "b"), new Account(3, "c"));
        await repository.GetAccountAsync(1);

        var found = await repository.GetAccountsAsync([1, 2, 2, 3, 4]);

        Assert.Equal(new[] { 1, 2, 3 }, found.Keys.Order());
        Assert.Equal("b", found[2]!.Name);
        var batch = Assert.Single(_db.BatchReads);
        Assert.Equal(new[] { 2, 3, 4 }, batch.Order());

        var again = await repository.GetAccountsAsync([1, 2, 3]);
        Assert.Equal(3, again.Count);
        Assert.Single(_db.BatchReads);
    }

    [Fact]
    public async Task Batch_SharesEntriesWithTheSingleReadAndHonoursTags()
    {
        var repository = Repository();
        _db.Seed(new Account(1, "a"), new Account(2, "b"));
        await repository.GetAccountsAsync([1, 2]);

        Assert.Equal("a", (await repository.GetAccountAsync(1))!.Name);
        Assert.Equal(1, _db.Reads);

        await repository.DeleteAccountAsync(2);
        var after = await repository.GetAccountsAsync([1, 2]);
        Assert.Equal(new[] { 1 }, after.Keys);
        Assert.Equal(new[] { 2 }, _db.BatchReads.Last());
    }

    [Fact]
    public async Task Batch_EmptyInput_ReturnsEmptyWithoutTheCore()
    {
        var repository = Repository();

        Assert.Empty(await repository.GetAccountsAsync([]));
        Assert.Empty(_db.BatchReads);
    }
}
