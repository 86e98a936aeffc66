using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Logging;

/// <summary>
/// During an outage every call fails the same way: the store logs each kind of Redis failure at most once per
/// interval, then says how many it held back. Driven by a fake clock against a redis-server that is stopped.
/// </summary>
public sealed class RepeatedFailureLogTests : IAsyncLifetime
{
    private readonly ListLogger _log = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
    private RedisServer? _down;
    private StackExchange.Redis.ConnectionMultiplexer? _multiplexer;

    public async Task InitializeAsync()
    {
        _down = await RedisServer.StartAsync();
        _multiplexer = await _down.ConnectAsync();
        await _down.StopAsync();
    }

    public async Task DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }

        if (_down is not null)
        {
            await _down.DisposeAsync();
        }
    }

    [Fact]
    public async Task RepeatedReadFailures_AreLoggedOncePerInterval_ThenCounted()
    {
        var store = Store(TimeSpan.FromSeconds(10));
        var factory = new CountingFactory<int>(5);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(5, await store.GetOrCreateCountedAsync(Policies.UniqueKey("down"), Policies.Int(), factory));
        }

        Assert.Equal(50, factory.Calls); // every caller got the core's value
        Assert.Equal(1, Count("ReadFailed"));
        Assert.Equal(0, Count("RepeatsSuppressed"));

        _time.Advance(TimeSpan.FromSeconds(10));
        await store.GetOrCreateCountedAsync(Policies.UniqueKey("down"), Policies.Int(), factory);

        Assert.Equal(2, Count("ReadFailed"));
        Assert.Equal(1, Count("RepeatsSuppressed"));
        Assert.Contains("49 more messages like the next one (event 1)", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachKindOfFailure_HasItsOwnInterval()
    {
        var store = Store(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 5; i++)
        {
            await store.InvalidateAsync(Policies.UniqueKey("down-inv"));
            await store.GetOrCreateCountedAsync(Policies.UniqueKey("down"), Policies.Int(), new CountingFactory<int>(1));
        }

        Assert.Equal(1, Count("InvalidateFailed"));
        Assert.Equal(1, Count("ReadFailed"));
    }

    [Fact]
    public async Task ZeroInterval_LogsEveryFailure()
    {
        var store = Store(TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            await store.GetOrCreateCountedAsync(Policies.UniqueKey("down"), Policies.Int(), new CountingFactory<int>(1));
        }

        Assert.Equal(5, Count("ReadFailed"));
    }

    [Fact]
    public void NegativeInterval_IsRefused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RedisCacheStore(_multiplexer!, new RedisCacheStoreOptions { RepeatedFailureLogInterval = TimeSpan.FromSeconds(-1) }));

    // The breaker is off, so each call reaches Redis and fails, as it does before a breaker opens.
    private RedisCacheStore Store(TimeSpan interval) => new(
        _multiplexer!,
        new RedisCacheStoreOptions { RepeatedFailureLogInterval = interval, TimeProvider = _time, CircuitBreaker = { Enabled = false } },
        _log);

    private int Count(string eventName) => _log.EventNames.Count(n => n == eventName);
}
