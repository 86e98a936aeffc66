using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>Generated write-through, invalidation and tag invalidation against a real redis-server.</summary>
[Collection(RedisCollections.Server)]
public sealed class WriteTests(RedisServerFixture redis)
{
    private readonly AccountDb _db = new();

    private IAccountRepository Repository() => AccountApp.CreateRepository(Stores.Create(redis.Multiplexer, out _), _db);

    [Fact]
    public async Task WriteThrough_StoresTheNewValue_SoTheNextReadIsAHitWithIt()
    {
        var repository = Repository();
        _db.Seed(new Account(1, "old"));
        Assert.Equal("old", (await repository.GetAccountAsync(1))!.Name);

        await repository.SaveAccountAsync(new Account(1, "new"));

        Assert.Equal("new", _db.Row(1)!.Name);
        Assert.Equal("new", (await repository.GetAccountAsync(1))!.Name);
        Assert.Equal(1, _db.Reads);
    }

    [Fact]
    public async Task WriteThrough_OfTheResult_StoresWhatTheCoreReturned()
    {
        var repository = Repository();

        var renamed = await repository.RenameAccountAsync(7, "seven");

        Assert.Equal(new Account(7, "seven"), renamed);
        Assert.Equal(renamed, (await repository.TryGetAccountAsync(7)).Value);
    }

    [Fact]
    public async Task WriteThrough_CoreThrows_ExceptionReachesCallerAndCacheIsUntouched()
    {
        var repository = Repository();
        _db.Seed(new Account(2, "kept"));
        await repository.GetAccountAsync(2);
        _db.WriteFailure = new InvalidOperationException("the database refused");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => repository.SaveAccountAsync(new Account(2, "lost")));

        Assert.Equal("the database refused", thrown.Message);
        Assert.Equal("kept", (await repository.GetAccountAsync(2))!.Name);
        Assert.Equal(1, _db.Reads);
    }

    [Fact]
    public async Task Invalidates_AfterTheCore_TheNextReadMisses()
    {
        var repository = Repository();
        _db.Seed(new Account(3, "three"));
        await repository.GetAccountAsync(3);

        await repository.DeleteAccountAsync(3);

        Assert.Null(await repository.GetAccountAsync(3));
        Assert.Equal(2, _db.Reads);
    }

    [Fact]
    public async Task InvalidatesTag_EveryEntryCarryingItMisses()
    {
        var repository = Repository();
        _db.Seed(new Account(1, "a"), new Account(2, "b"), new Account(3, "c"));
        for (var id = 1; id <= 3; id++)
        {
            await repository.GetAccountAsync(id);
        }

        await repository.RenameAllAsync("!");

        for (var id = 1; id <= 3; id++)
        {
            Assert.EndsWith("!", (await repository.GetAccountAsync(id))!.Name, StringComparison.Ordinal);
        }

        Assert.Equal(6, _db.Reads);
    }

    [Fact]
    public async Task TemplatedTag_InvalidatesOnlyItsOwnEntry()
    {
        var repository = Repository();
        _db.Seed(new Account(1, "a"), new Account(2, "b"));
        await repository.GetAccountAsync(1);
        await repository.GetAccountAsync(2);

        await repository.DeleteAccountAsync(1);

        Assert.False((await repository.TryGetAccountAsync(1)).IsHit);
        Assert.True((await repository.TryGetAccountAsync(2)).IsHit);
    }

    [Fact]
    public async Task ReadOldWriteNewSetOld_TheStaleFillIsNotServedAfterwards()
    {
        // The classic race: a miss reads the old row; a write-through stores the new one; the miss then stores the
        // old value. The fill's compare-and-set sees the key changed and drops it.
        var repository = Repository();
        _db.Seed(new Account(5, "old"));
        var readTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _db.ReadGate = async _ =>
        {
            readTaken.TrySetResult();
            await release.Task;
        };

        var staleRead = repository.GetAccountAsync(5);
        await readTaken.Task;
        _db.ReadGate = null;
        await repository.SaveAccountAsync(new Account(5, "new"));
        release.SetResult();

        Assert.Equal("old", (await staleRead)!.Name);
        Assert.Equal("new", (await repository.GetAccountAsync(5))!.Name);
        Assert.Equal("new", (await repository.TryGetAccountAsync(5)).Value!.Name);
    }

    [Fact]
    public async Task ReadOldDeleteSetOld_TheStaleFillIsNotServedAfterwards()
    {
        var repository = Repository();
        _db.Seed(new Account(6, "doomed"));
        var readTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _db.ReadGate = async _ =>
        {
            readTaken.TrySetResult();
            await release.Task;
        };

        var staleRead = repository.GetAccountAsync(6);
        await readTaken.Task;
        _db.ReadGate = null;
        await repository.DeleteAccountAsync(6);
        release.SetResult();

        Assert.Equal("doomed", (await staleRead)!.Name);
        Assert.False((await repository.TryGetAccountAsync(6)).IsHit);
        Assert.Null(await repository.GetAccountAsync(6));
    }

    [Fact]
    public async Task ReadOldTagInvalidatedSetOld_TheStaleFillIsNotServedAfterwards()
    {
        var repository = Repository();
        _db.Seed(new Account(8, "before"));
        var readTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _db.ReadGate = async _ =>
        {
            readTaken.TrySetResult();
            await release.Task;
        };

        var staleRead = repository.GetAccountAsync(8);
        await readTaken.Task;
        _db.ReadGate = null;
        await repository.RenameAllAsync(" after");
        release.SetResult();

        Assert.Equal("before", (await staleRead)!.Name);
        Assert.Equal("before after", (await repository.GetAccountAsync(8))!.Name);
    }
}
