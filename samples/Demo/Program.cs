using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching;
using Demo.Infrastructure;
using Demo.Reporting;
using Demo.Shop;
using Demo.Workload;
using Microsoft.Data.Sqlite;
using Spectre.Console;
using StackExchange.Redis;

namespace Demo;

/// <summary>
/// Seeds a SQLite catalogue, plays the same skewed read workload twice (straight to the database, then through the
/// generated cache-aside methods over Redis) and prints what the cache did. Usage: <c>Demo &lt;redis endpoint&gt;</c>,
/// or set REDIS_URL; <c>./samples/Demo/run.sh</c> starts a private Redis and does this for you.
/// </summary>
public static class Program
{
    /// <summary>A small, typical round trip to a database server in the same data centre.</summary>
    private const double DefaultRoundTripMs = 0.5;

    public static async Task<int> Main(string[] args)
    {
        var endpoint = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("REDIS_URL");
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            Console.Error.WriteLine("usage: Demo <redis endpoint>   (host:port, a StackExchange.Redis configuration string, or redis://host:port)");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var console = DemoConsole.Create();
        console.Write(new Rule("Caching.Generators demo: [[Cached]] repository over SQLite, cache in Redis"));

        var options = RedisEndpoint.Parse(endpoint);
        ConnectionMultiplexer redis;
        try
        {
            redis = await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (RedisConnectionException ex)
        {
            Console.Error.WriteLine($"Cannot reach Redis at {RedisEndpoint.Describe(options)}: {ex.Message}");
            return 3;
        }

        using (redis)
        {
            var dbPath = Path.Combine(Path.GetTempPath(), $"caching-demo-{Guid.NewGuid():N}.db");
            try
            {
                return await RunAsync(console, redis, options, dbPath, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("Cancelled.");
                return 130;
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                File.Delete(dbPath);
            }
        }
    }

    private static async Task<int> RunAsync(IAnsiConsole console, ConnectionMultiplexer redis, ConfigurationOptions options, string dbPath, CancellationToken ct)
    {
        var server = redis.GetServers().First();
        console.WriteLine($"Redis:    {RedisEndpoint.Describe(options)} (Redis {server.Version})");

        using var connection = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        connection.Open();
        var seed = DatabaseSeeder.Seed(connection, DateOnly.FromDateTime(DateTime.UtcNow));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Database: SQLite file {dbPath}, seeded in {seed.Elapsed.TotalSeconds:0.0} s with {seed.Products:N0} products in {seed.Categories} categories, {seed.Reviews:N0} reviews, {seed.OrderLines:N0} order lines ({seed.FirstDay:yyyy-MM-dd} to {seed.LastDay:yyyy-MM-dd})"));

        var roundTrip = NetworkRoundTrip();
        if (roundTrip > TimeSpan.Zero)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Note:     SQLite runs in-process and answers a lookup by key in tens of microseconds, faster than any network hop, so each query also waits {roundTrip.TotalMilliseconds:0.0##} ms to stand in for the round trip to a database server. This wait is simulated; DEMO_DB_ROUNDTRIP_MS=0 turns it off."));
        }

        var database = new ShopDatabase(connection, roundTrip);
        var keyPrefix = "demo-" + Guid.NewGuid().ToString("N")[..8];
        var store = new KeyTrackingCacheStore(new RedisCacheStore(redis, new RedisCacheStoreOptions { KeyPrefix = keyPrefix }));
        var repository = new CatalogRepository(store, database);
        var plan = WorkloadPlan.Create(WorkloadCalls(), seed.LastDay);
        console.WriteLine($"Workload: {plan.Count:N0} reads, Zipf-skewed, one at a time, the same sequence for both runs; cache keys under \"{store.KeyPrefix}\"");

        // Warm the SQLite page cache and the JIT for the database path, so neither run pays for it.
        foreach (var operation in plan.Take(200))
        {
            ct.ThrowIfCancellationRequested();
            await CallDatabaseAsync(database, operation, ct);
        }

        LatencyLog uncached = null!, cached = null!;
        await console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var direct = progress.AddTask("Database only (no cache)", autoStart: false);
                var viaCache = progress.AddTask("Through [[Cached]] methods", autoStart: false);
                uncached = await WorkloadRunner.RunAsync(plan, (op, token) => CallDatabaseAsync(database, op, token), direct, ct);
                cached = await WorkloadRunner.RunAsync(plan, (op, token) => CallRepositoryAsync(repository, op, token), viaCache, ct);
            });

        var coreCalls = new Dictionary<OperationKind, int>
        {
            [OperationKind.Product] = repository.ProductLoads,
            [OperationKind.CategoryPage] = repository.CategoryLoads,
            [OperationKind.DailySales] = repository.SalesLoads,
        };
        var redisDb = redis.GetDatabase();
        var samples = await KeySamples.CollectAsync(redisDb, store);
        ReportRenderer.Render(console, new DemoResults(roundTrip, cached, uncached, coreCalls, samples));
        await WritesTour.RunAsync(console, repository, ct);

        if (Environment.GetEnvironmentVariable("DEMO_KEEP_KEYS") != "1")
        {
            // Delete every key under this run's prefix (entries, invalidation markers, tag stamps) with the store's
            // SCAN-based pattern invalidation: every primary, batched UNLINK, never KEYS or FLUSHALL.
            var deleted = await store.InvalidatePatternAsync("*", ct);
            console.WriteLine($"Cleaned up: deleted the {deleted:N0} keys under \"{store.KeyPrefix}\" with InvalidatePatternAsync(\"*\") (DEMO_KEEP_KEYS=1 keeps them).");
        }

        return 0;
    }

    private static ValueTask CallDatabaseAsync(ShopDatabase database, Operation operation, CancellationToken ct) => operation.Kind switch
    {
        OperationKind.Product => new ValueTask(database.FindProductAsync(operation.ProductId, ct)),
        OperationKind.CategoryPage => new ValueTask(database.ListCategoryAsync(operation.Query!, ct)),
        _ => Sync(() => database.SalesOfDay(operation.Day)),
    };

    private static ValueTask CallRepositoryAsync(CatalogRepository repository, Operation operation, CancellationToken ct) => operation.Kind switch
    {
        OperationKind.Product => new ValueTask(repository.GetProductAsync(operation.ProductId, ct)),
        OperationKind.CategoryPage => Discard(repository.GetCategoryPageAsync(operation.Query!, ct)),
        _ => Sync(() => repository.GetDailySales(operation.Day)),
    };

    private static async ValueTask Discard<T>(ValueTask<T> task) => await task;

    private static ValueTask Sync<T>(Func<T> call)
    {
        call();
        return ValueTask.CompletedTask;
    }

    private static TimeSpan NetworkRoundTrip()
        => TimeSpan.FromMilliseconds(
            double.TryParse(Environment.GetEnvironmentVariable("DEMO_DB_ROUNDTRIP_MS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0
                ? ms
                : DefaultRoundTripMs);

    private static int WorkloadCalls()
        => int.TryParse(Environment.GetEnvironmentVariable("DEMO_CALLS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var calls) && calls > 0
            ? calls
            : WorkloadPlan.DefaultCalls;
}
