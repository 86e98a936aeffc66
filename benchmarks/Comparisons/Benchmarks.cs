using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace Comparisons;

/// <summary>
/// The short job the brief asks for: one launch, 3 warm-up and 10 measured iterations of 250 ms each. Redis-bound
/// rows are within ±10-20 % run to run on this machine (docs/benchmarks.md); compare ratios within one run.
/// </summary>
public sealed class ShortConfig : ManualConfig
{
    public ShortConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .AsDefault());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>Connects every contender in each BenchmarkDotNet process, and empties Redis before and after.</summary>
[Config(typeof(ShortConfig))]
[MemoryDiagnoser]
public abstract class RedisBenchmarks
{
    protected Contenders C = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        C = await Contenders.ConnectAsync();
        await C.Db.ExecuteAsync("FLUSHDB");
        await PrimeAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await C.Db.ExecuteAsync("FLUSHDB");
        await C.DisposeAsync();
    }

    protected virtual Task PrimeAsync() => Task.CompletedTask;

    /// <summary>Stores ids in Redis through every contender (peers: Redis only), then proves hits do not load.</summary>
    protected async Task PrimeAndProveAsync(IReadOnlyList<int> ids)
    {
        foreach (var chunk in ids.Chunk(100))
        {
            await Task.WhenAll(chunk.SelectMany(id => new Task[]
            {
                C.Hand.GetProductAsync(id).AsTask(),
                C.Generated.GetProductAsync(id).AsTask(),
                C.FusionGetAsync(id, Contenders.FusionL2Only).AsTask(),
                C.HybridGetAsync(id, Contenders.HybridL2Only).AsTask(),
            }));
        }

        await Task.Delay(200); // HybridCache writes Redis in the background.
        var before = Core.Calls;
        foreach (var id in ids.Take(20))
        {
            await C.Hand.GetProductAsync(id);
            await C.Generated.GetProductAsync(id);
            await C.FusionGetAsync(id, Contenders.FusionL2Only);
            await C.HybridGetAsync(id, Contenders.HybridL2Only);
        }

        if (Core.Calls != before)
        {
            throw new InvalidOperationException($"A hit called the core {Core.Calls - before} times: the setup is wrong.");
        }

        var server = C.Redis.GetServers()[0];
        foreach (var prefix in new[] { "hand:*", "gen*", "fc:*", "hy:*" })
        {
            if (!server.Keys(pattern: prefix, pageSize: 1000).Any())
            {
                throw new InvalidOperationException($"No {prefix} key in Redis: that contender does not use Redis.");
            }
        }
    }
}

/// <summary>
/// L1 hit: the value is in process memory. The floor and the peers get a precomputed key; the generated method
/// (LocalTtl) gets its int argument, as a caller calls it, and looks its typed key up without building a string.
/// FusionCache is measured twice: with Redis set up as its L2 (as in every other class here) and memory-only.
/// </summary>
[Config(typeof(ShortConfig))]
[MemoryDiagnoser]
public class L1Hit
{
    private const string Key = "product:1";
    private readonly ConcurrentDictionary<string, Product> _floor = new();
    private Contenders _c = null!;
    private FusionCache _fusionMemoryOnly = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _c = await Contenders.ConnectAsync();
        _fusionMemoryOnly = new FusionCache(new FusionCacheOptions
        {
            CacheName = "memory-only",
            DefaultEntryOptions = new FusionCacheEntryOptions { Duration = Contenders.Ttl },
        });
        _floor[Key] = Catalog.Make(1);
        await Fusion();
        await FusionMemoryOnly();
        await Hybrid();
        // The generated L1 takes entries once its invalidation subscription is up (a few ms after first use).
        for (var wait = 0; ((Caching.RedisCacheStore)_c.Store).LocalReady is false; wait++)
        {
            if (wait > 500)
            {
                throw new InvalidOperationException("The generated L1 never became ready.");
            }

            await Generated();
            await Task.Delay(10);
        }

        await Generated();
        var before = Core.Calls;
        await Fusion();
        await FusionMemoryOnly();
        await Hybrid();
        await Generated();
        if (Core.Calls != before)
        {
            throw new InvalidOperationException("An L1 hit called the core.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _fusionMemoryOnly.Dispose();
        await _c.Db.ExecuteAsync("FLUSHDB");
        await _c.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "floor: ConcurrentDictionary.TryGetValue")]
    public Product? Floor() => _floor.TryGetValue(Key, out var p) ? p : null;

    [Benchmark(Description = "FusionCache GetOrSetAsync (memory hit)")]
    public ValueTask<Product> Fusion()
        => _c.Fusion.GetOrSetAsync<Product>(Key, static (_, ct) => Core.LoadAsync(1, ct).AsTask());

    [Benchmark(Description = "FusionCache GetOrSetAsync (memory hit, no L2 set up)")]
    public ValueTask<Product> FusionMemoryOnly()
        => _fusionMemoryOnly.GetOrSetAsync<Product>(Key, static (_, ct) => Core.LoadAsync(1, ct).AsTask());

    [Benchmark(Description = "HybridCache GetOrCreateAsync (local hit)")]
    public ValueTask<Product> Hybrid()
        => _c.Hybrid.GetOrCreateAsync(Key, 1, static (i, ct) => Core.LoadAsync(i, ct));

    [Benchmark(Description = "generated [Cached(LocalTtl)] (L1 hit)")]
    public ValueTask<Product?> Generated() => _c.Generated.GetProductLocalAsync(1);
}

/// <summary>L2 hit: one Redis read and a deserialize per call; the peers' memory caches are skipped per call.</summary>
public class L2Hit : RedisBenchmarks
{
    private const int Id = 7;
    private static readonly RedisKey HandKey = HandWritten.Key(Id);

    protected override Task PrimeAsync() => PrimeAndProveAsync([Id]);

    [Benchmark(Description = "Redis GET only (no deserialize)")]
    public Task<RedisValue> RedisGet() => C.Db.StringGetAsync(HandKey);

    [Benchmark(Baseline = true, Description = "hand-written SE.Redis + STJ")]
    public ValueTask<Product?> Hand() => C.Hand.GetProductAsync(Id);

    [Benchmark(Description = "generated [Cached]")]
    public ValueTask<Product?> Generated() => C.Generated.GetProductAsync(Id);

    [Benchmark(Description = "FusionCache, memory skipped")]
    public ValueTask<Product> Fusion() => C.FusionGetAsync(Id, Contenders.FusionL2Only);

    [Benchmark(Description = "HybridCache, DisableLocalCache")]
    public ValueTask<Product> Hybrid() => C.HybridGetAsync(Id, Contenders.HybridL2Only);
}

/// <summary>
/// Miss + fill: a fresh key per call (a counter), so every call misses, loads and writes Redis; the keys are
/// deleted (FLUSHDB) after each benchmark. The peers run as configured in production (L1 + L2).
/// </summary>
public class MissAndFill : RedisBenchmarks
{
    private int _next = 1_000_000;

    [Benchmark(Baseline = true, Description = "hand-written SE.Redis + STJ")]
    public ValueTask<Product?> Hand() => C.Hand.GetProductAsync(Interlocked.Increment(ref _next));

    [Benchmark(Description = "generated [Cached]")]
    public ValueTask<Product?> Generated() => C.Generated.GetProductAsync(Interlocked.Increment(ref _next));

    [Benchmark(Description = "FusionCache (L1 + L2)")]
    public ValueTask<Product> Fusion() => C.FusionGetAsync(Interlocked.Increment(ref _next));

    [Benchmark(Description = "HybridCache (L1 + L2)")]
    public ValueTask<Product> Hybrid() => C.HybridGetAsync(Interlocked.Increment(ref _next));
}

/// <summary>
/// 100 ids at once. Hit: 100 stored ids. Miss: 100 fresh ids per call, loaded and written back. The generated
/// [CachedBatch] and the hand-written MGET + pipelined SETs are batch calls; the peers have no batch API, so they
/// run 100 concurrent GetOrSet/GetOrCreate calls (Task.WhenAll) with their memory cache skipped.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Batch100 : RedisBenchmarks
{
    private static readonly int[] HotIds = Enumerable.Range(0, 100).ToArray();
    private int _next = 2_000_000;

    protected override Task PrimeAsync() => PrimeAndProveAsync(HotIds);

    private int[] FreshIds()
    {
        var first = Interlocked.Add(ref _next, 100) - 100;
        return Enumerable.Range(first, 100).ToArray();
    }

    [Benchmark(Baseline = true, Description = "hit: hand-written MGET")]
    [BenchmarkCategory("hit")]
    public ValueTask<Dictionary<int, Product>> HandHit() => C.Hand.GetProductsAsync(HotIds);

    [Benchmark(Description = "hit: generated [CachedBatch]")]
    [BenchmarkCategory("hit")]
    public Task<IReadOnlyDictionary<int, Product>> GeneratedHit() => C.Generated.GetProductsAsync(HotIds);

    [Benchmark(Description = "hit: FusionCache x100 WhenAll")]
    [BenchmarkCategory("hit")]
    public Task<Product[]> FusionHit() => Task.WhenAll(HotIds.Select(id => C.FusionGetAsync(id, Contenders.FusionL2Only).AsTask()));

    [Benchmark(Description = "hit: HybridCache x100 WhenAll")]
    [BenchmarkCategory("hit")]
    public Task<Product[]> HybridHit() => Task.WhenAll(HotIds.Select(id => C.HybridGetAsync(id, Contenders.HybridL2Only).AsTask()));

    [Benchmark(Baseline = true, Description = "miss: hand-written MGET + pipelined SETs")]
    [BenchmarkCategory("miss")]
    public ValueTask<Dictionary<int, Product>> HandMiss() => C.Hand.GetProductsAsync(FreshIds());

    [Benchmark(Description = "miss: generated [CachedBatch]")]
    [BenchmarkCategory("miss")]
    public Task<IReadOnlyDictionary<int, Product>> GeneratedMiss() => C.Generated.GetProductsAsync(FreshIds());

    [Benchmark(Description = "miss: FusionCache x100 WhenAll")]
    [BenchmarkCategory("miss")]
    public Task<Product[]> FusionMiss() => Task.WhenAll(FreshIds().Select(id => C.FusionGetAsync(id, Contenders.FusionL2Only).AsTask()));

    [Benchmark(Description = "miss: HybridCache x100 WhenAll")]
    [BenchmarkCategory("miss")]
    public Task<Product[]> HybridMiss() => Task.WhenAll(FreshIds().Select(id => C.HybridGetAsync(id, Contenders.HybridL2Only).AsTask()));
}

/// <summary>
/// Throughput: 50 concurrent callers, 20 calls each per invocation (1000 operations), 90 % hits on 1000 stored ids
/// and 10 % misses on fresh ids. BenchmarkDotNet's mean is per operation, so ops/s = 1 s / mean. The first four rows
/// read Redis on every call (the peers' memory caches skipped, as in L2Hit); the last three have an L1 in front.
/// </summary>
public class Throughput : RedisBenchmarks
{
    public const int Callers = 50;
    public const int CallsPerCaller = 20;
    private const int Operations = Callers * CallsPerCaller;
    private const int HotSet = 1000;
    private int _next = 3_000_000;

    protected override Task PrimeAsync() => PrimeAndProveAsync(Enumerable.Range(0, HotSet).ToArray());

    private int NextId(int caller, int call)
        => call % 10 == 9 ? Interlocked.Increment(ref _next) : (caller * 37 + call * 101) % HotSet;

    private Task Run(Func<int, ValueTask> call)
    {
        var callers = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            var caller = c;
            callers[c] = Task.Run(async () =>
            {
                for (var i = 0; i < CallsPerCaller; i++)
                {
                    await call(NextId(caller, i));
                }
            });
        }

        return Task.WhenAll(callers);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "hand-written SE.Redis + STJ")]
    public Task Hand() => Run(async id => await C.Hand.GetProductAsync(id));

    [Benchmark(OperationsPerInvoke = Operations, Description = "generated [Cached]")]
    public Task Generated() => Run(async id => await C.Generated.GetProductAsync(id));

    [Benchmark(OperationsPerInvoke = Operations, Description = "FusionCache, memory skipped")]
    public Task Fusion() => Run(async id => await C.FusionGetAsync(id, Contenders.FusionL2Only));

    [Benchmark(OperationsPerInvoke = Operations, Description = "HybridCache, DisableLocalCache")]
    public Task Hybrid() => Run(async id => await C.HybridGetAsync(id, Contenders.HybridL2Only));

    [Benchmark(OperationsPerInvoke = Operations, Description = "generated [Cached(LocalTtl)], L1 + L2")]
    public Task GeneratedLocal() => Run(async id => await C.Generated.GetProductLocalAsync(id));

    [Benchmark(OperationsPerInvoke = Operations, Description = "FusionCache, L1 + L2")]
    public Task FusionLocal() => Run(async id => await C.FusionGetAsync(id));

    [Benchmark(OperationsPerInvoke = Operations, Description = "HybridCache, L1 + L2")]
    public Task HybridLocal() => Run(async id => await C.HybridGetAsync(id));
}
