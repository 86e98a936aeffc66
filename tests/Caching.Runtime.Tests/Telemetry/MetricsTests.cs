using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Telemetry;

/// <summary>
/// The figures of the "Caching" meter against redis-server (issue 7, item 3): each test's store has a meter of its
/// own (<see cref="RedisCacheStoreOptions.MeterFactory"/>) and each policy a method name of its own, so the counts
/// are exact although other tests run in parallel.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class MetricsTests(RedisServerFixture redis) : IDisposable
{
    private static readonly (string, string) L1 = ("cache.level", "l1");
    private static readonly (string, string) L2 = ("cache.level", "l2");
    private static readonly (string, string) Hit = ("cache.result", "hit");
    private static readonly (string, string) Miss = ("cache.result", "miss");

    private readonly TestMeterFactory _meters = new();
    private readonly List<MetricsRecorder> _recorders = [];

    public void Dispose()
    {
        _recorders.ForEach(r => r.Dispose());
        _meters.Dispose();
    }

    [Fact]
    public async Task MissThenHit_OneMissOneHitOneFill_TimedReadsAndWrite()
    {
        var (store, policy, metrics) = Setup("miss-hit");
        var key = Policies.UniqueKey("telemetry");
        var core = new CountingFactory<Product>(Policies.SampleProduct(1));

        await store.GetOrCreateCountedAsync(key, policy, core);
        await store.GetOrCreateCountedAsync(key, policy, core);

        var method = ("cache.method", policy.Name);
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses, method, L2, Miss));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Hits, method, L2, Hit));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Hits));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Fills, method));
        Assert.Empty(metrics.Of(CachingTelemetry.Errors));
        Assert.Single(metrics.Of(CachingTelemetry.CoreDuration, method));
        Assert.Equal(2, metrics.Of(CachingTelemetry.RedisDuration, method, ("cache.operation", "read")).Length);
        var write = Assert.Single(metrics.Of(CachingTelemetry.RedisDuration, method, ("cache.operation", "write")));
        Assert.InRange(write.Value, 0, 5);
        Assert.Equal(1, core.Calls);
    }

    [Fact]
    public void SyncPath_MissThenHit_OneMissOneHitOneFill()
    {
        var (store, policy, metrics) = Setup("sync");
        var key = Policies.UniqueKey("telemetry-sync");
        var core = new CountingFactory<Product>(Policies.SampleProduct(2));

        store.GetOrCreateCounted(key, policy, core);
        store.GetOrCreateCounted(key, policy, core);

        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses, L2, Miss));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Hits, L2, Hit));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Fills));
        Assert.Single(metrics.Of(CachingTelemetry.CoreDuration));
        Assert.Equal(2, metrics.Of(CachingTelemetry.RedisDuration, ("cache.operation", "read")).Length);
    }

    [Fact]
    public async Task CoreDuration_IsRecordedOncePerCoreCall_InSeconds()
    {
        var (store, policy, metrics) = Setup("core-duration");
        var key = Policies.UniqueKey("telemetry-slow");

        for (var i = 0; i < 3; i++)
        {
            await store.GetOrCreateAsync(key, null, policy, 0, static async (_, ct) =>
            {
                await Task.Delay(50, ct);
                return Policies.SampleProduct(3);
            });
        }

        var call = Assert.Single(metrics.Of(CachingTelemetry.CoreDuration, ("cache.method", policy.Name)));
        Assert.InRange(call.Value, 0.045, 5);
        Assert.False(call.Tags.ContainsKey("error.type"));
        Assert.Equal(2, metrics.Sum(CachingTelemetry.Hits));
    }

    [Fact]
    public async Task L1Hit_ThroughLocalCache_CountsAtLevelL1()
    {
        var (store, policy, metrics) = Setup("l1");
        var local = new LocalCache<ValueTuple<int>, Product>(policy.Name, TimeSpan.FromMinutes(1), 10);
        Assert.NotNull(local.For(store));
        await LocalFlow.WaitUntilReadyAsync(store);
        var key = Policies.UniqueKey("telemetry-l1");
        var core = new CountingFactory<Product>(Policies.SampleProduct(4));

        async Task<Product> GetAsync()
        {
            // As generated code does: L1 first, then the store, and its value kept in L1.
            var partition = local.For(store)!;
            if (partition.TryGet(new ValueTuple<int>(4), out var hit))
            {
                return hit;
            }

            var generation = partition.Generation;
            return await partition.AddWhenDone(new ValueTuple<int>(4), key, null, generation, store.GetOrCreateCountedAsync(key, policy, core));
        }

        await GetAsync();
        await GetAsync();
        Assert.True(local.For(store)!.TryGetTask(new ValueTuple<int>(4), out _));

        Assert.Equal(2, metrics.Sum(CachingTelemetry.Hits, L1, Hit));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses, L1, Miss));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses, L2, Miss));
        Assert.Equal(0, metrics.Sum(CachingTelemetry.Hits, L2));
        Assert.Equal(1, core.Calls);
    }

    [Fact]
    public async Task StaleServe_CountsAsAStaleHit_AndTheCoreFailureAsAnError()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var (store, policy, metrics) = Setup("stale", o => o.TimeProvider = clock, failSafe: TimeSpan.FromMinutes(10));
        var key = Policies.UniqueKey("telemetry-stale");
        await store.GetOrCreateAsync(key, null, policy, 0, static (_, _) => ValueTask.FromResult(Policies.SampleProduct(5)));
        clock.Advance(TimeSpan.FromMinutes(11)); // past the TTL, inside the fail-safe window

        var served = await store.GetOrCreateAsync<int, Product>(key, null, policy, 0, static (_, _) => throw new InvalidOperationException("database down"));

        Assert.Equal(Policies.SampleProduct(5), served);
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Hits, L2, ("cache.result", "stale")));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses, L2, Miss)); // the first call only: a lookup counts once
        Assert.Equal(0, metrics.Sum(CachingTelemetry.Hits, L2, Hit));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Errors, ("cache.operation", "core"), ("error.type", "System.InvalidOperationException")));
        Assert.Single(metrics.Of(CachingTelemetry.CoreDuration, ("error.type", "System.InvalidOperationException")));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Fills)); // the stale value is not written back
    }

    [Fact]
    public async Task CoreThrowsWithoutFailSafe_AMissAndACoreError()
    {
        var (store, policy, metrics) = Setup("core-error");
        var key = Policies.UniqueKey("telemetry-core-error");

        await Assert.ThrowsAsync<TimeoutException>(
            () => store.GetOrCreateAsync<int, Product>(key, null, policy, 0, static (_, _) => throw new TimeoutException("slow database")).AsTask());

        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses, L2, Miss));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Errors));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Errors, ("cache.method", policy.Name), ("cache.operation", "core"), ("error.type", "System.TimeoutException")));
        Assert.Equal(0, metrics.Sum(CachingTelemetry.Fills));
    }

    [Fact]
    public async Task CorruptEntry_IsAMissAndAnError()
    {
        var (store, policy, metrics) = Setup("corrupt");
        var key = Policies.UniqueKey("telemetry-corrupt");
        await redis.Database.StringSetAsync(key, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 });

        await store.GetOrCreateAsync(key, null, policy, 0, static (_, _) => ValueTask.FromResult(Policies.SampleProduct(6)));

        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses, L2, Miss));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Errors, ("cache.operation", "read"), ("error.type", "corrupt_entry")));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Errors));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Fills)); // overwritten
    }

    [Fact]
    public async Task TryGet_CountsHitsAndMisses_WithoutACore()
    {
        var (store, policy, metrics) = Setup("try-get");
        var key = Policies.UniqueKey("telemetry-try");

        Assert.False((await store.TryGetAsync(key, null, policy)).IsHit);
        await store.SetAsync(key, null, Policies.SampleProduct(7), policy);
        Assert.True((await store.TryGetAsync(key, null, policy)).IsHit);

        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses, L2, Miss));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Hits, L2, Hit));
        Assert.Equal(0, metrics.Sum(CachingTelemetry.Fills)); // a write-through is not a fill
        Assert.Empty(metrics.Of(CachingTelemetry.CoreDuration));
    }

    [Fact]
    public async Task Batch_CountsEachId_AndTheFillsOfOnePipeline()
    {
        var (store, policy, metrics) = Setup("batch");
        var prefix = Policies.UniqueKey("telemetry-batch") + ":";
        await store.SetAsync(prefix + 1, null, Policies.SampleProduct(1), policy);

        var values = await store.GetOrCreateManyAsync(
            [1, 2, 3], id => prefix + id, null, policy, 0,
            static (_, ids, _) =>
            {
                var loaded = new Dictionary<int, Product>();
                foreach (var id in ids)
                {
                    loaded[id] = Policies.SampleProduct(id);
                }

                return ValueTask.FromResult<IReadOnlyDictionary<int, Product>>(loaded);
            });

        Assert.Equal(3, values.Count);
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Hits, L2, Hit));
        Assert.Equal(2, metrics.Sum(CachingTelemetry.Misses, L2, Miss));
        Assert.Equal(2, metrics.Sum(CachingTelemetry.Fills));
        Assert.Single(metrics.Of(CachingTelemetry.CoreDuration)); // one core call for both misses
    }

    [Fact]
    public async Task Invalidations_AreCountedByKind()
    {
        var (store, _, metrics) = Setup("invalidate");
        var key = Policies.UniqueKey("telemetry-invalidate");

        Assert.True(await store.InvalidateAsync(key));
        Assert.True(await store.InvalidateAsync(key + ":2"));
        Assert.True(await store.InvalidateTagAsync("tag:" + key));
        await store.InvalidatePatternAsync(key + ":*");

        Assert.Equal(4, metrics.Sum(CachingTelemetry.Invalidations));
        Assert.Equal(2, metrics.Sum(CachingTelemetry.Invalidations, ("cache.invalidation.kind", "key")));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Invalidations, ("cache.invalidation.kind", "tag")));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Invalidations, ("cache.invalidation.kind", "pattern")));
        Assert.Empty(metrics.Of(CachingTelemetry.Errors));
    }

    [Fact]
    public async Task StoreWithoutMeterFactory_RecordsOnTheSharedMeter_UnderItsMethodTag()
    {
        var store = new RedisCacheStore(redis.Multiplexer);
        var policy = Policy("shared");
        using var metrics = new MetricsRecorder(m => m.Scope is null, policy.Name);
        var key = Policies.UniqueKey("telemetry-shared");

        await store.GetOrCreateAsync(key, null, policy, 0, static (_, _) => ValueTask.FromResult(Policies.SampleProduct(8)));
        await store.GetOrCreateAsync(key, null, policy, 0, static (_, _) => ValueTask.FromResult(Policies.SampleProduct(8)));

        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses, L2, Miss));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Hits, L2, Hit));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Fills));
    }

    internal static CachePolicy<Product> Policy(string purpose, TimeSpan? failSafe = null)
        => new("Tests.Telemetry." + purpose + "." + Guid.NewGuid().ToString("N")[..8], TimeSpan.FromMinutes(10), TimeSpan.Zero, Policies.ProductSchema,
            new JsonCacheSerializer<Product>(TestJsonContext.Default.Product))
        {
            FailSafe = failSafe ?? TimeSpan.Zero,
        };

    private (RedisCacheStore Store, CachePolicy<Product> Policy, MetricsRecorder Metrics) Setup(
        string purpose, Action<RedisCacheStoreOptions>? configure = null, TimeSpan? failSafe = null)
    {
        var options = new RedisCacheStoreOptions { KeyPrefix = "", MeterFactory = _meters };
        configure?.Invoke(options);
        var store = new RedisCacheStore(redis.Multiplexer, options);
        var metrics = MetricsRecorder.For(_meters);
        _recorders.Add(metrics);
        return (store, Policy(purpose, failSafe), metrics);
    }
}
