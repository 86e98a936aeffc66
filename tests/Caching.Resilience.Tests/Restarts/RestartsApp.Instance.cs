using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using StackExchange.Redis;

namespace Caching.Resilience.Tests.Restarts;

/// <summary>
/// One application instance: its own multiplexer (abortConnect=false, so it starts whether Redis is up or not), its
/// own store and its own generated repository over a shared <see cref="RestartQuoteSource"/>. Two of them over one
/// Redis stand for two processes (two L1 caches, invalidation over pub/sub between them).
/// </summary>
internal sealed class AppInstance : IAsyncDisposable
{
    private AppInstance(ConnectionMultiplexer multiplexer, RedisCacheStore store, RestartQuoteRepository repository, ListLogger log, TimedLog events)
    {
        Multiplexer = multiplexer;
        Store = store;
        Repository = repository;
        Log = log;
        Events = events;
    }

    public ConnectionMultiplexer Multiplexer { get; }

    public RedisCacheStore Store { get; }

    public RestartQuoteRepository Repository { get; }

    /// <summary>The store's log lines, shown when a test fails.</summary>
    public ListLogger Log { get; }

    /// <summary>The store's events with the time each was logged (breaker opened, closed, …).</summary>
    public TimedLog Events { get; }

    /// <summary>
    /// Connects to <paramref name="endpoint"/> (a redis-server or a fault proxy in front of it) and builds the store.
    /// The reconnect policy retries every 250 ms, as an application that wants its cache back soon would set it.
    /// </summary>
    public static async Task<AppInstance> StartAsync(
        string endpoint, RestartQuoteSource source, Action<RedisCacheStoreOptions>? configure = null, int asyncTimeoutMs = 2000, string? keyPrefix = null)
    {
        var options = ConfigurationOptions.Parse(endpoint + ",abortConnect=false,allowAdmin=true");
        options.ConnectTimeout = 1000;
        options.SyncTimeout = asyncTimeoutMs;
        options.AsyncTimeout = asyncTimeoutMs;
        options.ReconnectRetryPolicy = new LinearRetry(250);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        var storeOptions = new RedisCacheStoreOptions
        {
            // Two instances of one application share a prefix (and so their entries and invalidation channel).
            KeyPrefix = keyPrefix ?? "rs" + Guid.NewGuid().ToString("N")[..8],
            OperationTimeout = TimeSpan.FromMilliseconds(500),
            RepeatedFailureLogInterval = TimeSpan.Zero,
            CircuitBreaker = new CircuitBreakerOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(1),
            },
        };
        configure?.Invoke(storeOptions);
        var log = new ListLogger();
        var events = new TimedLog(log);
        var store = new RedisCacheStore(multiplexer, storeOptions, events);
        return new AppInstance(multiplexer, store, new RestartQuoteRepository(store, source), log, events);
    }

    /// <summary>The Redis keys of this instance's entries whose key starts with <paramref name="keyStart"/> (after the prefixes).</summary>
    public async Task<RedisKey[]> EntryKeysAsync(IDatabase database, IServer server, string keyStart)
    {
        var found = new System.Collections.Generic.List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: Store.KeyPrefix + "restarts:" + keyStart + "#*"))
        {
            found.Add(key);
        }

        _ = database;
        return [.. found];
    }

    /// <summary>Deletes this instance's entries whose key starts with <paramref name="keyStart"/>, behind the store's back (no invalidation is published).</summary>
    public async Task DeleteEntriesAsync(string keyStart)
    {
        var database = Multiplexer.GetDatabase();
        foreach (var key in await EntryKeysAsync(database, Multiplexer.GetServers()[0], keyStart))
        {
            await database.KeyDeleteAsync(key);
        }
    }

    /// <summary>Waits until the store's L1 takes entries (its invalidation subscription carried its probe).</summary>
    public async Task<TimeSpan> WaitUntilLocalReadyAsync(TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!Store.LocalReady)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"L1 not ready after {timeout}. Log:\n{Log}");
            }

            await Task.Delay(5);
        }

        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync() => await Multiplexer.DisposeAsync();
}
