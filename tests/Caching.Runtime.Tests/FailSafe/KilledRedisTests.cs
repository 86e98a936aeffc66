using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Runtime.Tests.FailSafe;

/// <summary>
/// Redis killed (SIGKILL, as a crash) while a call is in flight: the caller gets the core's value (or, when the core
/// fails and a stale value was read before the crash, the stale value), never an exception; after a restart on the
/// same port caching resumes by itself.
/// </summary>
public sealed class KilledRedisTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(300);

    private FailSafeHarness? _harness;

    private FailSafeHarness H => _harness!;

    public async Task InitializeAsync() => _harness = await FailSafeHarness.StartAsync(OperationTimeout);

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task KilledDuringACall_TheCallerGetsTheCoreValue_AndCachingResumesAfterRestart()
    {
        var policy = FailSafeHarness.Policy(soft: TimeSpan.FromMilliseconds(300));
        var key = Policies.UniqueKey("killed");
        var core = new GatedFactory<Product>(Policies.SampleProduct(1));

        var call = H.Call(key, policy, core);
        await core.Entered;
        await H.Server.StopAsync();
        var clock = Stopwatch.StartNew();
        core.Release();
        Assert.Equal(Policies.SampleProduct(1), await call);
        output.WriteLine($"killed during the call: the core's value {clock.Elapsed.TotalMilliseconds:F1} ms after the core returned");
        // Its store meets the dead connection and gives up after OperationTimeout; the margin covers a loaded machine.
        Assert.True(clock.Elapsed < OperationTimeout + TimeSpan.FromSeconds(1), $"took {clock.Elapsed}. Log:\n{H.Log}");

        await H.Server.StartAgainAsync();
        await WaitForHitAsync(key, policy, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task KilledAfterAStaleRead_TheCoreFails_TheStaleValueIsReturned()
    {
        var policy = FailSafeHarness.Policy();
        var key = Policies.UniqueKey("killed-stale");
        await H.FillAsync(key, policy, Policies.SampleProduct(2));
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = new TaskCompletionSource<Product>(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = H.Store.GetOrCreateAsync(key, null, policy, (entered, result), static (s, _) =>
        {
            s.entered.TrySetResult();
            return new ValueTask<Product>(s.result.Task);
        }).AsTask();
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await H.Server.StopAsync();
        result.SetException(new InvalidOperationException("the database went down with the cache"));

        Assert.Equal(Policies.SampleProduct(2), await call);
        Assert.Equal(1, H.Count("StaleServedOnFailure"));
        await H.Server.StartAgainAsync();
    }

    // Calls until one is answered from Redis (the core is not called), for at most limit.
    private async Task WaitForHitAsync(string key, CachePolicy<Product> policy, TimeSpan limit)
    {
        var calls = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var before = Volatile.Read(ref calls);
            var value = await H.Store.GetOrCreateAsync(key, null, policy, 0, (_, _) =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult(Policies.SampleProduct(3));
            });
            if (Volatile.Read(ref calls) == before)
            {
                // Either value is right. The fill that gave up during the outage may still land once the multiplexer
                // reconnects (StackExchange.Redis keeps commands issued while disconnected in its backlog): its
                // compare-and-set then finds the key missing on the empty server, as its read did, and stores.
                Assert.True(value == Policies.SampleProduct(1) || value == Policies.SampleProduct(3), value.ToString());
                output.WriteLine($"first hit after the restart: product {value.Id}");
                output.WriteLine($"caching resumed {clock.Elapsed.TotalMilliseconds:F0} ms after the restart");
                return;
            }

            Assert.True(clock.Elapsed < limit, $"no hit within {limit}. Log:\n{H.Log}");
            await Task.Delay(100);
        }
    }
}
