using System;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Telemetry;

/// <summary>
/// Recording an L1 hit passes the tag array its method built once: with a listener on every instrument, the hit path
/// still allocates nothing (LocalCacheTests proves it without one).
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class HitAllocationTests(RedisServerFixture redis)
{
    private long _measured;

    [Fact]
    public async Task L1Hit_WithAMeterListener_AllocatesNothing_AndIsMeasured()
    {
        using var meters = new TestMeterFactory();
        var store = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = "l1a-" + Guid.NewGuid().ToString("N"), MeterFactory = meters });
        var cache = new LocalCache<ValueTuple<int>, string>("Tests.Telemetry.L1Allocation", TimeSpan.FromMinutes(5), 10);
        cache.For(store);
        await LocalFlow.WaitUntilReadyAsync(store);
        await cache.GetAsync(store, 7, new CountingFactory<string>("ada"));
        var partition = cache.For(store)!;
        partition.TryGetTask(new ValueTuple<int>(7), out _); // the entry's task is made once, on its first use

        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>(OnMeasurement);
        listener.Start();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            var local = cache.For(store)!;
            Assert.True(local.TryGet(new ValueTuple<int>(7), out _));
            Assert.True(local.TryGetTask(new ValueTuple<int>(7), out _));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(20_000, Interlocked.Read(ref _measured));
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<System.Collections.Generic.KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == CachingTelemetry.Hits)
        {
            Interlocked.Add(ref _measured, value);
        }
    }
}
