using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.CircuitBreaker;

/// <summary>With the breaker disabled, every call goes to Redis and waits for its own timeout, as before it existed.</summary>
public sealed class DisabledBreakerTests : IAsyncLifetime
{
    private BreakerHarness? _harness;

    private BreakerHarness H => _harness!;

    public async Task InitializeAsync() => _harness = await BreakerHarness.StartAsync(b => b.Enabled = false);

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task Disabled_EveryCallWaitsOutTheTimeout_AndCachingResumesAtOnce()
    {
        var key = Policies.UniqueKey("disabled");
        var factory = new CountingFactory<int>(10);
        await H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory);
        await H.Server.PauseAsync();

        for (var i = 0; i < 6; i++)
        {
            var (value, elapsed) = await BreakerHarness.TimeAsync(() => H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
            Assert.Equal(10, value);
            Assert.True(elapsed >= BreakerHarness.OperationTimeout * 0.9, $"call {i} took {elapsed}: it did not wait for Redis");
        }

        Assert.Equal(0, H.Count("CircuitOpened"));
        Assert.Equal(6, H.Count("ReadFailed"));
        await H.Server.ResumeAsync();

        var before = factory.Calls;
        Assert.Equal(10, await H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.Equal(before, factory.Calls);
    }

    [Theory]
    [InlineData(0.0, 4, 1000, 1000)]
    [InlineData(1.5, 4, 1000, 1000)]
    [InlineData(0.5, 1, 1000, 1000)]
    [InlineData(0.5, 4, 100, 1000)]
    [InlineData(0.5, 4, 1000, 0)]
    public void InvalidSettings_AreRefusedAtConstruction(double ratio, int throughput, int samplingMs, int breakMs)
    {
        var options = new RedisCacheStoreOptions
        {
            CircuitBreaker = new CircuitBreakerOptions
            {
                FailureRatio = ratio,
                MinimumThroughput = throughput,
                SamplingDuration = TimeSpan.FromMilliseconds(samplingMs),
                BreakDuration = TimeSpan.FromMilliseconds(breakMs),
            },
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new RedisCacheStore(H.Multiplexer, options));
    }
}
