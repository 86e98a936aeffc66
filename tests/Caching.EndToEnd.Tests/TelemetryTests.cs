using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>What the generated repository of <see cref="TelemetryTests"/> offers, so the test calls it without reflection.</summary>
public interface ITelemetryAccountRepository
{
    Task<Account?> GetAccountAsync(int id, CancellationToken ct = default);
}

/// <summary>
/// Metrics and traces through generated code (issue 7, item 3): the cache.method tag of every measurement and of the
/// activity is the compile-time name the generator wrote, "Namespace.Type.Method", for the L1 and for Redis.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class TelemetryTests(RedisServerFixture redis)
{
    private const string Method = "TelemetryAccounts.TelemetryAccountRepository.GetAccountAsync";

    private const string Source = """
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;
        using Caching.EndToEnd.Tests.Support;

        namespace TelemetryAccounts;

        [JsonSerializable(typeof(Account))]
        internal partial class TelemetryJson : JsonSerializerContext;

        public partial class TelemetryAccountRepository(ICacheStore cache, AccountDb db) : Caching.EndToEnd.Tests.ITelemetryAccountRepository
        {
            [Cached(Key = "taccount:<id>", Ttl = 600, LocalTtl = 60)]
            public partial Task<Account?> GetAccountAsync(int id, CancellationToken ct = default);
            private Task<Account?> GetAccountCoreAsync(int id, CancellationToken ct) => db.FindAsync(id, ct);
        }
        """;

    private static readonly Lazy<Assembly> App = new(() => InMemoryApp.Compile(Source, "TelemetryAccounts"));

    [Fact]
    public async Task GeneratedMethodWithLocalTtl_ItsCompileTimeNameTagsL1AndL2Measurements_AndTheActivity()
    {
        using var meters = new TestMeterFactory();
        var store = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions
        {
            KeyPrefix = "tm" + Guid.NewGuid().ToString("N")[..12],
            MeterFactory = meters,
        });
        var db = new AccountDb();
        db.Seed(new Account(1, "ada"), new Account(2, "bob"));
        var repository = InMemoryApp.Create<ITelemetryAccountRepository>(App.Value, "TelemetryAccounts.TelemetryAccountRepository", store, db);

        // The first call attaches the method's L1 to the store; it takes entries once the store's subscription is up.
        await repository.GetAccountAsync(2);
        var ready = Stopwatch.StartNew();
        while (!store.LocalReady)
        {
            Assert.True(ready.Elapsed < TimeSpan.FromSeconds(10), "the store's L1 never became ready");
            await Task.Delay(10);
        }

        using var measurements = new Measurements(meters);
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CachingTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> o) => o.Tags?.Any(t => Equals(t.Value, Method)) == true
                ? ActivitySamplingResult.AllDataAndRecorded
                : ActivitySamplingResult.None,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        Assert.Equal("ada", (await repository.GetAccountAsync(1))!.Name); // L1 miss, L2 miss, core, fill
        Assert.Equal("ada", (await repository.GetAccountAsync(1))!.Name); // L1 hit

        Assert.Equal(1, measurements.Count(CachingTelemetry.Misses, "l1", "miss"));
        Assert.Equal(1, measurements.Count(CachingTelemetry.Misses, "l2", "miss"));
        Assert.Equal(1, measurements.Count(CachingTelemetry.Hits, "l1", "hit"));
        Assert.Equal(0, measurements.Count(CachingTelemetry.Hits, "l2", "hit"));
        Assert.Equal(1, measurements.Count(CachingTelemetry.Fills));
        Assert.Equal(1, measurements.Count(CachingTelemetry.CoreDuration));
        // Every measurement names the method, and only it: no key, no argument.
        Assert.All(measurements.All, m => Assert.Equal(Method, m["cache.method"]));
        Assert.All(measurements.All, m => Assert.DoesNotContain(m.Values, v => v is string s && s.Contains("taccount", StringComparison.Ordinal)));

        var fill = Assert.Single(activities);
        Assert.Equal("cache.fill " + Method, fill.OperationName);
        Assert.Equal(Method, fill.GetTagItem("cache.method"));
        Assert.Equal(2, db.Reads);
    }

    // The measurements of one factory's meters, each as its instrument name and tags.
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, Dictionary<string, object?> Tags)> _all = new();

        public Measurements(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) =>
            {
                for (var n = 0; n < v; n++)
                {
                    _all.Enqueue((i.Name, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
                }
            });
            _listener.SetMeasurementEventCallback<double>((i, _, tags, _) => _all.Enqueue((i.Name, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
            _listener.Start();
        }

        public IEnumerable<Dictionary<string, object?>> All => _all.Select(m => m.Tags);

        public int Count(string instrument, string? level = null, string? result = null)
            => _all.Count(m => m.Instrument == instrument
                && (level is null || Equals(m.Tags.GetValueOrDefault("cache.level"), level))
                && (result is null || Equals(m.Tags.GetValueOrDefault("cache.result"), result)));

        public void Dispose() => _listener.Dispose();
    }
}
