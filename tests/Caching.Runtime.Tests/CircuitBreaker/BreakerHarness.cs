using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.CircuitBreaker;

/// <summary>
/// One private redis-server per test class (the tests freeze or kill it), a multiplexer and a store whose breaker
/// opens after a handful of failures and stays open for one second.
/// </summary>
internal sealed class BreakerHarness : IAsyncDisposable
{
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(300);
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(1);

    private BreakerHarness(RedisServer server, ConnectionMultiplexer multiplexer, RedisCacheStore store, ListLogger log)
    {
        Server = server;
        Multiplexer = multiplexer;
        Store = store;
        Log = log;
    }

    public RedisServer Server { get; }

    public ConnectionMultiplexer Multiplexer { get; }

    public RedisCacheStore Store { get; }

    public ListLogger Log { get; }

    public static async Task<BreakerHarness> StartAsync(Action<CircuitBreakerOptions>? configure = null)
    {
        var server = await RedisServer.StartAsync();
        var options = server.CreateOptions();
        options.SyncTimeout = (int)OperationTimeout.TotalMilliseconds;
        options.ConnectTimeout = 500;
        options.ReconnectRetryPolicy = new LinearRetry(100); // come back quickly once the server does
        var multiplexer = await server.ConnectAsync(options);
        var breaker = new CircuitBreakerOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = BreakDuration,
        };
        configure?.Invoke(breaker);
        var log = new ListLogger();
        // Every failure logged (no repeat limit): these tests count log lines to see which calls reached Redis.
        var store = new RedisCacheStore(
            multiplexer,
            new RedisCacheStoreOptions { OperationTimeout = OperationTimeout, CircuitBreaker = breaker, RepeatedFailureLogInterval = TimeSpan.Zero },
            log);
        return new BreakerHarness(server, multiplexer, store, log);
    }

    /// <summary>How many log lines carry the event <paramref name="name"/>.</summary>
    public int Count(string name) => Array.FindAll(Log.EventNames, n => n == name).Length;

    /// <summary>Times one call.</summary>
    public static async Task<(T Value, TimeSpan Elapsed)> TimeAsync<T>(Func<ValueTask<T>> call)
    {
        var clock = Stopwatch.StartNew();
        var value = await call();
        return (value, clock.Elapsed);
    }

    /// <summary>
    /// Calls <paramref name="key"/> until a call is answered from Redis (the factory is not called), for at most
    /// <paramref name="limit"/>; fails with the log when it never is.
    /// </summary>
    public async Task WaitForHitAsync(string key, CountingFactory<int> factory, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var before = factory.Calls;
            await Store.GetOrCreateCountedAsync(key, Policies.Int(), factory);
            if (factory.Calls == before)
            {
                return;
            }

            Assert.True(clock.Elapsed < limit, $"no hit within {limit}. Log:\n{Log}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Multiplexer.DisposeAsync();
        await Server.DisposeAsync();
    }
}
