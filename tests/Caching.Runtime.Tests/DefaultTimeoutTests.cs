using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>
/// Without <see cref="RedisCacheStoreOptions.OperationTimeout"/>, a Redis call is bounded by the multiplexer's own
/// asyncTimeout (no timer per call); with it, by the option. Redis frozen with SIGSTOP: the core answers in time.
/// </summary>
public sealed class DefaultTimeoutTests : IAsyncLifetime
{
    private RedisServer? _server;

    private RedisServer Server => _server!;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.ResumeAsync();
        await Server.DisposeAsync();
    }

    [Fact]
    public async Task WithoutOperationTimeout_TheMultiplexersAsyncTimeoutBoundsTheCall()
    {
        var options = Server.CreateOptions();
        options.AsyncTimeout = 400;
        await using var multiplexer = await Server.ConnectAsync(options);
        var store = new RedisCacheStore(multiplexer, new RedisCacheStoreOptions { CircuitBreaker = new CircuitBreakerOptions { Enabled = false } });
        Assert.Equal(TimeSpan.FromMilliseconds(400), store.EffectiveOperationTimeout);

        var elapsed = await FrozenCallAsync(store);

        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(2500));
    }

    [Fact]
    public async Task OperationTimeout_BoundsTheCallTighterThanTheMultiplexer()
    {
        var options = Server.CreateOptions();
        options.AsyncTimeout = 5000;
        await using var multiplexer = await Server.ConnectAsync(options);
        var store = new RedisCacheStore(multiplexer, new RedisCacheStoreOptions
        {
            OperationTimeout = TimeSpan.FromMilliseconds(200),
            CircuitBreaker = new CircuitBreakerOptions { Enabled = false },
        });
        Assert.Equal(TimeSpan.FromMilliseconds(200), store.EffectiveOperationTimeout);

        var elapsed = await FrozenCallAsync(store);

        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(1500));
    }

    // A call while Redis is frozen: the core's value, once the bound has passed.
    private async Task<TimeSpan> FrozenCallAsync(RedisCacheStore store)
    {
        var key = Policies.UniqueKey("frozen");
        var factory = new CountingFactory<int>(31);
        await Server.PauseAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal(31, await store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
            return clock.Elapsed;
        }
        finally
        {
            await Server.ResumeAsync();
        }
    }
}
