using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.CircuitBreaker;

/// <summary>
/// A hung Redis (frozen with SIGSTOP: connections open, nothing answered): the first calls wait out the timeout, then
/// the breaker opens and every Redis operation is skipped at once; after SIGCONT it heals by itself.
/// </summary>
public sealed class HungRedisTests : IAsyncLifetime
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(50);

    private BreakerHarness? _harness;

    private BreakerHarness H => _harness!;

    public async Task InitializeAsync() => _harness = await BreakerHarness.StartAsync();

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task HungRedis_OpensAfterTimeouts_SkipsEveryOperation_ThenHealsAfterBreakDuration()
    {
        var key = Policies.UniqueKey("hung");
        var factory = new CountingFactory<int>(7);
        await H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory); // cached while Redis answers
        await H.Server.PauseAsync();

        // Before the breaker opens, each call waits out the operation timeout and the core answers.
        var slow = new List<TimeSpan>();
        while (H.Count("CircuitOpened") == 0)
        {
            Assert.True(slow.Count < 10, $"the breaker did not open after {slow.Count} timeouts. Log:\n{H.Log}");
            var (value, elapsed) = await BreakerHarness.TimeAsync(() => H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
            Assert.Equal(7, value);
            slow.Add(elapsed);
        }

        Assert.True(slow[0] >= BreakerHarness.OperationTimeout * 0.9, $"the first call took {slow[0]}, less than the timeout");
        var readFailures = H.Count("ReadFailed");

        // Open: the same call no longer touches Redis.
        var open = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            var (value, elapsed) = await BreakerHarness.TimeAsync(() => H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
            Assert.Equal(7, value);
            open.Add(elapsed);
        }

        Assert.True(open.Max() < Fast, $"open calls took up to {open.Max()} ({string.Join(", ", open.Select(t => t.TotalMilliseconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} ms)");

        // Every other operation is skipped as quickly, with the result of a failure.
        var other = Policies.UniqueKey("hung-other");
        await AssertFastAsync(async () => Assert.Equal(CacheEntryStatus.Missing, (await H.Store.TryGetAsync(other, Policies.Int())).Status));
        await AssertFastAsync(async () => Assert.False(await H.Store.SetAsync(other, 1, Policies.Int())));
        await AssertFastAsync(async () => Assert.False(await H.Store.SetAsync(other, ["t"], 1, Policies.Int())));
        await AssertFastAsync(async () => Assert.False(await H.Store.InvalidateAsync(other)));
        await AssertFastAsync(async () => Assert.False(await H.Store.InvalidateTagAsync("t")));
        await AssertFastAsync(async () => Assert.Equal(0, await H.Store.InvalidatePatternAsync("test:hung-other:*")));
        await AssertFastAsync(async () => Assert.False(await H.Store.EnqueueWriteBehindAsync("handler", new byte[] { 1 })));
        await AssertFastAsync(async () =>
        {
            var values = await H.Store.GetOrCreateManyAsync(
                [1, 2, 3], id => other + ":" + id, null, Policies.String(), new RecordingBatchCore(), static (c, misses, ct) => c.LoadAsync(misses, ct));
            Assert.Equal(3, values.Count);
        });
        await AssertFastAsync(() =>
        {
            Assert.Equal(7, H.Store.GetOrCreateCounted(key, Policies.Int(), factory));
            return Task.CompletedTask;
        });

        // Skipped reads are not logged one by one; invalidations that could not reach Redis are, as errors.
        Assert.Equal(readFailures, H.Count("ReadFailed"));
        Assert.Equal(1, H.Count("CircuitOpened"));
        Assert.True(H.Count("InvalidateFailed") >= 3, H.Log.ToString()); // the invalidation, and each failed write-through's
        Assert.Equal(1, H.Count("InvalidateTagFailed"));

        // After SIGCONT and the break, one probe goes through, succeeds, and the entry cached before is served again.
        await H.Server.ResumeAsync();
        await Task.Delay(BreakerHarness.BreakDuration);
        await H.WaitForHitAsync(key, factory, TimeSpan.FromSeconds(10));
        Assert.True(H.Count("CircuitHalfOpen") >= 1, H.Log.ToString());
        Assert.True(H.Count("CircuitClosed") >= 1, H.Log.ToString());
    }

    private static async Task AssertFastAsync(Func<Task> call)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await call();
        Assert.True(clock.Elapsed < Fast, $"took {clock.Elapsed}");
    }
}
