using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;

namespace Caching.Runtime.Tests.FailSafe;

/// <summary>
/// One private redis-server per test class (some tests freeze or kill it), a multiplexer, and a store on a clock the
/// test moves by hand, so an entry passes its logical expiry without waiting (Redis's own TTL keeps real time).
/// </summary>
internal sealed class FailSafeHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private FailSafeHarness(RedisServer server, ConnectionMultiplexer multiplexer, RedisCacheStoreOptions options)
    {
        Server = server;
        Multiplexer = multiplexer;
        Log = new ListLogger();
        Store = new RedisCacheStore(multiplexer, options, Log);
        Probe = new FillProbe(Store);
    }

    public RedisServer Server { get; }

    public ConnectionMultiplexer Multiplexer { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public RedisCacheStore Store { get; }

    public ListLogger Log { get; }

    public FillProbe Probe { get; }

    public IDatabase Database => Multiplexer.GetDatabase();

    public static async Task<FailSafeHarness> StartAsync(TimeSpan? operationTimeout = null, TimeSpan? maxTaggedEntryTtl = null, bool distributedFill = false)
    {
        var server = await RedisServer.StartAsync();
        var configuration = server.CreateOptions();
        configuration.ConnectTimeout = 500;
        configuration.ReconnectRetryPolicy = new LinearRetry(100); // come back quickly once the server does
        var multiplexer = await server.ConnectAsync(configuration);
        var options = new RedisCacheStoreOptions
        {
            OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(1),
            MaxTaggedEntryTtl = maxTaggedEntryTtl ?? TimeSpan.FromDays(1),
            DistributedFill = new DistributedFillOptions { Enabled = distributedFill },
        };
        var harness = new FailSafeHarness(server, multiplexer, options);
        options.TimeProvider = harness.Clock;
        return harness;
    }

    /// <summary>A product policy with a ten-minute TTL and the given fail-safe settings.</summary>
    public static CachePolicy<Product> Policy(
        TimeSpan? failSafe = null, TimeSpan? soft = null, TimeSpan? hard = null, double refreshAhead = 0, TimeSpan? ttl = null)
        => new("Tests.FailSafe", ttl ?? Ttl, TimeSpan.Zero, Policies.ProductSchema, new JsonCacheSerializer<Product>(TestJsonContext.Default.Product))
        {
            FailSafe = failSafe ?? Window,
            SoftTimeout = soft ?? TimeSpan.Zero,
            HardTimeout = hard ?? TimeSpan.Zero,
            RefreshAhead = refreshAhead,
        };

    /// <summary>How many log lines carry the event <paramref name="name"/>.</summary>
    public int Count(string name) => Array.FindAll(Log.EventNames, n => n == name).Length;

    /// <summary>
    /// Caches <paramref name="value"/> under <paramref name="key"/> by a write-through, which does not go through the
    /// in-flight table, so <see cref="FillProbe.FillRemoved"/> afterwards reports the fill under test.
    /// </summary>
    public async Task FillAsync(string key, CachePolicy<Product> policy, Product value, string[]? tags = null)
    {
        if (!await Store.SetAsync(key, tags, value, policy))
        {
            throw new InvalidOperationException("The test entry was not stored.");
        }
    }

    public Task<Product> Call(string key, CachePolicy<Product> policy, GatedFactory<Product> core, CancellationToken cancellationToken = default, string[]? tags = null)
        => Store.GetOrCreateAsync(key, tags, policy, core, static (c, ct) => c.CreateAsync(ct), cancellationToken).AsTask();

    public Task<Product> CallThrowing(string key, CachePolicy<Product> policy, string[]? tags = null)
        => Store.GetOrCreateAsync<int, Product>(key, tags, policy, 0, static (_, _) => throw new InvalidOperationException("the database is down"))
            .AsTask();

    /// <summary>Times one call.</summary>
    public static async Task<(T Value, TimeSpan Elapsed)> TimeAsync<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        var value = await call();
        return (value, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        await Multiplexer.DisposeAsync();
        await Server.DisposeAsync();
    }
}
