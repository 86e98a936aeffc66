using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Runtime.Tests.DistributedFill;

/// <summary>
/// A process waiting for another's fill never waits longer than it must: its callers' cancellation ends the wait,
/// and a Redis that stops answering while it locks or polls lets the core answer within the operation timeout.
/// </summary>
public sealed class WaitingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(700);

    private readonly CachePolicy<Product> _policy = Policies.Product();

    [Fact]
    public async Task CallerCancellationWhileWaiting_EndsTheWaitPromptly()
    {
        await using var harness = await ProcessesHarness.StartAsync(1, fill => fill.WaitTimeout = TimeSpan.FromSeconds(30));
        var store = harness.Stores[0];
        var probe = new FillProbe(store);
        var key = Policies.UniqueKey("distributed-fill-cancel");
        var lockKey = key + FillLock.Suffix;
        Assert.True(await harness.Database.StringSetAsync(lockKey, "other-process", TimeSpan.FromMinutes(1), When.NotExists));
        var core = new CountingFactory<Product>(Policies.SampleProduct(8));
        var stats = await CommandStats.ReadAsync(harness.Server.Port);
        using var cancellation = new CancellationTokenSource();

        var call = store.GetOrCreateCountedAsync(key, _policy, core, cancellation.Token).AsTask();
        await ProcessesHarness.Until(
            async () => stats.Delta(await CommandStats.ReadAsync(harness.Server.Port), "exists") >= 2, TimeSpan.FromSeconds(10), "the process is polling");
        var clock = Stopwatch.StartNew();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var callEnded = clock.Elapsed;
        // The polling itself stopped too (its flight's token was cancelled), not only the caller's wait.
        await probe.FillRemoved(key);
        var fillEnded = clock.Elapsed;

        Assert.True(fillEnded < TimeSpan.FromSeconds(1), $"the wait ended {fillEnded} after the cancellation");
        Assert.Equal(0, core.Calls);
        Assert.Equal("other-process", (string?)await harness.Database.StringGetAsync(lockKey));
        output.WriteLine($"cancelled while waiting: the call ended after {callEnded.TotalMilliseconds:F1} ms, the polling after {fillEnded.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public async Task RedisFrozenWhileLocking_TheCoreAnswersWithinTheOperationTimeout()
    {
        await using var harness = await ProcessesHarness.StartAsync(1);
        var store = harness.Stores[0];
        var key = Policies.UniqueKey("distributed-fill-frozen-lock");
        var core = new CountingFactory<Product>(Policies.SampleProduct(9));
        var frozenAt = 0L;
        store.BeforeFillLockAsync = async _ =>
        {
            await harness.Server.PauseAsync();
            frozenAt = Stopwatch.GetTimestamp();
        };

        try
        {
            var value = await store.GetOrCreateCountedAsync(key, _policy, core);
            var elapsed = Stopwatch.GetElapsedTime(frozenAt);

            Assert.Equal(Policies.SampleProduct(9), value);
            Assert.Equal(1, core.Calls);
            Assert.True(elapsed < ProcessesHarness.OperationTimeout + Margin, $"answered {elapsed} after Redis froze{Environment.NewLine}{harness.DescribeLogs()}");
            Assert.Equal(1, harness.Count(nameof(CacheLog.FillLockFailed)));
            output.WriteLine($"Redis frozen before the lock: the core answered {elapsed.TotalMilliseconds:F0} ms later (OperationTimeout {ProcessesHarness.OperationTimeout.TotalMilliseconds} ms)");
        }
        finally
        {
            await harness.Server.ResumeAsync();
        }
    }

    [Fact]
    public async Task RedisFrozenWhilePolling_TheCoreAnswersWithinTheOperationTimeout()
    {
        await using var harness = await ProcessesHarness.StartAsync(1, fill => fill.WaitTimeout = TimeSpan.FromSeconds(30));
        var store = harness.Stores[0];
        var key = Policies.UniqueKey("distributed-fill-frozen-poll");
        Assert.True(await harness.Database.StringSetAsync(key + FillLock.Suffix, "other-process", TimeSpan.FromMinutes(1), When.NotExists));
        var core = new CountingFactory<Product>(Policies.SampleProduct(10));
        var stats = await CommandStats.ReadAsync(harness.Server.Port);

        var call = store.GetOrCreateCountedAsync(key, _policy, core).AsTask();
        await ProcessesHarness.Until(
            async () => stats.Delta(await CommandStats.ReadAsync(harness.Server.Port), "exists") >= 1, TimeSpan.FromSeconds(10), "the process is polling");
        await harness.Server.PauseAsync();
        var clock = Stopwatch.StartNew();
        try
        {
            var value = await call;
            var elapsed = clock.Elapsed;

            Assert.Equal(Policies.SampleProduct(10), value);
            Assert.Equal(1, core.Calls);
            // At most one poll interval, then one bounded poll.
            Assert.True(elapsed < ProcessesHarness.OperationTimeout + Margin, $"answered {elapsed} after Redis froze{Environment.NewLine}{harness.DescribeLogs()}");
        }
        finally
        {
            await harness.Server.ResumeAsync();
        }
    }
}
