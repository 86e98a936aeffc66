using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.CircuitBreaker;

/// <summary>Redis killed, then started again: the breaker opens while it is gone and closes by itself once it is back.</summary>
public sealed class RestartedRedisTests : IAsyncLifetime
{
    private BreakerHarness? _harness;

    private BreakerHarness H => _harness!;

    public async Task InitializeAsync() => _harness = await BreakerHarness.StartAsync();

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task StoppedRedis_OpensTheBreaker_AndCachingResumesAfterRestartWithoutHelp()
    {
        var key = Policies.UniqueKey("restart");
        var factory = new CountingFactory<int>(8);
        await H.Server.StopAsync();

        for (var i = 0; H.Count("CircuitOpened") == 0; i++)
        {
            Assert.True(i < 10, $"the breaker did not open after {i} failed calls. Log:\n{H.Log}");
            Assert.Equal(8, await H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        }

        // Open: asynchronous and synchronous calls return the core's value without waiting for Redis.
        for (var i = 0; i < 20; i++)
        {
            var (value, elapsed) = await BreakerHarness.TimeAsync(() => H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
            Assert.Equal(8, value);
            Assert.True(elapsed < TimeSpan.FromMilliseconds(50), $"call {i} took {elapsed}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(8, H.Store.GetOrCreateCounted(key, Policies.Int(), factory));
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(50), $"sync call {i} took {clock.Elapsed}");
        }

        await H.Server.StartAgainAsync();
        await Task.Delay(BreakerHarness.BreakDuration);

        // The restarted server is empty: a call fills it, and the next one is a hit, with no restart of the store.
        await H.WaitForHitAsync(key, factory, TimeSpan.FromSeconds(15));
        Assert.True(H.Count("CircuitClosed") >= 1, H.Log.ToString());
    }
}
