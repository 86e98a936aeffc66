using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Runtime.Tests.DistributedFill;

/// <summary>
/// What the other processes do when the lock's holder fails: its core throws (the lock is released, the waiters
/// call their own cores at once, nothing is cached), or the holder dies (the waiters call their cores after
/// WaitTimeout, not before); and a holder whose lock expired never deletes the lock another process took since.
/// </summary>
public sealed class HolderFailureTests(ITestOutputHelper output)
{
    private readonly CachePolicy<Product> _policy = Policies.Product();

    [Fact]
    public async Task HolderCoreThrows_LockIsReleased_WaitersCallTheirCoresWithoutWaitingItOut()
    {
        var waitTimeout = TimeSpan.FromSeconds(10);
        await using var harness = await ProcessesHarness.StartAsync(5, fill => fill.WaitTimeout = waitTimeout);
        var key = Policies.UniqueKey("distributed-fill-throws");
        var lockKey = key + FillLock.Suffix;
        var failing = new FailingCore();
        var healthy = new CountingFactory<Product>(Policies.SampleProduct(5));
        var stats = await CommandStats.ReadAsync(harness.Server.Port);

        var holder = harness.Stores[0].GetOrCreateAsync(key, _policy, failing, static (c, ct) => c.CreateAsync(ct)).AsTask();
        await failing.Entered;
        Assert.True(await harness.Database.KeyExistsAsync(lockKey));
        var waiters = harness.Stores.Skip(1)
            .Select(store => store.GetOrCreateAsync(key, _policy, healthy, static (c, ct) => c.CreateAsync(ct)).AsTask())
            .ToArray();
        // Every waiter tried the lock (one SET each, plus the holder's) and so is polling: nothing has stored yet.
        await ProcessesHarness.Until(
            async () => stats.Delta(await CommandStats.ReadAsync(harness.Server.Port), "set") >= 5, TimeSpan.FromSeconds(10), "every process tried the lock");
        Assert.Equal(0, healthy.Calls);

        var clock = Stopwatch.StartNew();
        failing.Fail();
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => holder);
        var values = await Task.WhenAll(waiters);
        var waited = clock.Elapsed;

        Assert.Same(failing.Exception, thrown);
        Assert.All(values, value => Assert.Equal(Policies.SampleProduct(5), value));
        // A waiter that saw the lock gone without an entry called its own core (one that polled after another
        // waiter stored read that entry instead); none waited WaitTimeout.
        Assert.InRange(healthy.Calls, 1, 4);
        Assert.True(waited < TimeSpan.FromSeconds(3), $"waiters took {waited} after the holder's failure");
        Assert.False(await harness.Database.KeyExistsAsync(lockKey));
        Assert.Equal(0, harness.Count(nameof(CacheLog.FillWaitTimedOut)));
        // The failure was not cached: the entry holds a waiter's value, and the holder's store now reads it.
        Assert.Equal(Policies.SampleProduct(5), (await harness.Stores[0].TryGetAsync(key, _policy)).Value);
        output.WriteLine($"holder's core threw: 4 waiting processes answered {waited.TotalMilliseconds:F0} ms after it (WaitTimeout {waitTimeout.TotalSeconds} s)");
    }

    [Fact]
    public async Task HolderDies_WaitersCallTheirCoresAfterWaitTimeout_NotBefore()
    {
        var waitTimeout = TimeSpan.FromSeconds(1);
        await using var harness = await ProcessesHarness.StartAsync(4, fill => fill.WaitTimeout = waitTimeout);
        var key = Policies.UniqueKey("distributed-fill-dead");
        var lockKey = key + FillLock.Suffix;
        // A holder that took the lock and died: its token is nobody's, and the lock outlives the test.
        Assert.True(await harness.Database.StringSetAsync(lockKey, "dead-holder", TimeSpan.FromMinutes(1), When.NotExists));
        var core = new CountingFactory<Product>(Policies.SampleProduct(6));

        var clock = Stopwatch.StartNew();
        var calls = harness.Stores
            .SelectMany(store => Enumerable.Range(0, 10).Select(_ => store.GetOrCreateCountedAsync(key, _policy, core).AsTask()))
            .ToArray();
        var values = await Task.WhenAll(calls);
        var elapsed = clock.Elapsed;

        Assert.All(values, value => Assert.Equal(Policies.SampleProduct(6), value));
        // At most one per process (each store shares its own callers' fill); a process that polled after another
        // timed out and stored reads that entry instead.
        Assert.InRange(core.Calls, 1, 4);
        Assert.Equal(core.Calls, harness.Count(nameof(CacheLog.FillWaitTimedOut)));
        Assert.InRange(elapsed, waitTimeout, waitTimeout + TimeSpan.FromSeconds(2));
        Assert.Equal("dead-holder", (string?)await harness.Database.StringGetAsync(lockKey)); // nobody deleted another's lock
        Assert.Equal(Policies.SampleProduct(6), (await harness.Stores[2].TryGetAsync(key, _policy)).Value);
        output.WriteLine($"dead holder: 4 processes x 10 callers answered in {elapsed.TotalMilliseconds:F0} ms (WaitTimeout {waitTimeout.TotalMilliseconds} ms), {core.Calls} core call(s)");
    }

    [Fact]
    public async Task ReleaseScript_NeverDeletesALockHeldUnderAnotherToken()
    {
        await using var harness = await ProcessesHarness.StartAsync(1);
        var database = harness.Database;
        var lockKey = FillLock.Key(Policies.UniqueKey("distributed-fill-release"));

        Assert.True(await FillLock.TakeAsync(database, lockKey, "first", TimeSpan.FromMilliseconds(50)));
        Assert.False(await FillLock.TakeAsync(database, lockKey, "second", TimeSpan.FromSeconds(10))); // held
        await ProcessesHarness.Until(async () => !await database.KeyExistsAsync(lockKey), TimeSpan.FromSeconds(5), "the first lock expired");
        Assert.True(await FillLock.TakeAsync(database, lockKey, "second", TimeSpan.FromSeconds(10)));

        Assert.False(await FillLock.ReleaseAsync(database, lockKey, "first")); // the expired holder comes back late
        Assert.Equal("second", (string?)await database.StringGetAsync(lockKey));
        Assert.True(await FillLock.ReleaseAsync(database, lockKey, "second"));
        Assert.False(await database.KeyExistsAsync(lockKey));
        Assert.False(await FillLock.ReleaseAsync(database, lockKey, "second")); // nothing to release
    }

    [Fact]
    public async Task HolderSlowerThanLockTtl_LeavesTheLockAnotherProcessTook()
    {
        await using var harness = await ProcessesHarness.StartAsync(1, fill => fill.LockTtl = TimeSpan.FromMilliseconds(100));
        var key = Policies.UniqueKey("distributed-fill-expired");
        var lockKey = key + FillLock.Suffix;
        var core = new GatedFactory<Product>(Policies.SampleProduct(7));

        var holder = harness.Stores[0].GetOrCreateAsync(key, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask();
        await core.Entered;
        await ProcessesHarness.Until(async () => !await harness.Database.KeyExistsAsync(lockKey), TimeSpan.FromSeconds(5), "the holder's lock expired");
        Assert.True(await harness.Database.StringSetAsync(lockKey, "next-holder", TimeSpan.FromMinutes(1), When.NotExists));
        core.Release();

        Assert.Equal(Policies.SampleProduct(7), await holder);
        Assert.Equal("next-holder", (string?)await harness.Database.StringGetAsync(lockKey));
    }

    /// <summary>A core held open until the test makes it throw.</summary>
    private sealed class FailingCore
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _fail = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public InvalidOperationException Exception { get; } = new("The database is down.");

        public Task Entered => _entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Fail() => _fail.TrySetResult();

        public async ValueTask<Product> CreateAsync(CancellationToken cancellationToken)
        {
            _entered.TrySetResult();
            await _fail.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            throw Exception;
        }
    }
}
