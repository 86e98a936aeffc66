using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Telemetry;

/// <summary>
/// With Redis stopped, a lookup is a miss whose result is <c>error</c>, and the failed read is one
/// <c>cache.errors</c> with the Redis exception's type; the core still answers and is timed. Its own server: the test
/// stops it.
/// </summary>
public sealed class RedisDownMetricsTests : IAsyncLifetime
{
    private readonly TestMeterFactory _meters = new();
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        var options = _server.CreateOptions();
        options.ConnectTimeout = 500;
        _multiplexer = await _server.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        _meters.Dispose();
        await _multiplexer!.DisposeAsync();
        await _server!.DisposeAsync();
    }

    [Fact]
    public async Task RedisDown_TheLookupIsAMissWithResultError_AndTheReadAnError()
    {
        var store = new RedisCacheStore(_multiplexer!, new RedisCacheStoreOptions
        {
            OperationTimeout = TimeSpan.FromMilliseconds(300),
            CircuitBreaker = new CircuitBreakerOptions { Enabled = false },
            MeterFactory = _meters,
        });
        var policy = MetricsTests.Policy("down");
        var key = Policies.UniqueKey("telemetry-down");
        using var metrics = MetricsRecorder.For(_meters);
        await _server!.StopAsync();

        var value = await store.GetOrCreateAsync(key, null, policy, 0, static (_, _) => ValueTask.FromResult(Policies.SampleProduct(9)));

        Assert.Equal(Policies.SampleProduct(9), value);
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses, ("cache.level", "l2"), ("cache.result", "error")));
        Assert.Equal(1, metrics.Sum(CachingTelemetry.Misses));
        Assert.Equal(0, metrics.Sum(CachingTelemetry.Hits));
        var error = Assert.Single(metrics.Of(CachingTelemetry.Errors));
        Assert.True(error.Has(("cache.method", policy.Name), ("cache.operation", "read")));
        var type = (string)error.Tags["error.type"]!;
        Assert.True(
            type is "Caching.RedisCircuit+RedisNotConnectedException" or "StackExchange.Redis.RedisConnectionException"
                or "StackExchange.Redis.RedisTimeoutException" or "System.TimeoutException",
            "error.type was " + type);
        Assert.Equal(0, metrics.Sum(CachingTelemetry.Fills)); // nothing is stored after a failed read
        Assert.Single(metrics.Of(CachingTelemetry.CoreDuration));
        Assert.Empty(metrics.Of(CachingTelemetry.RedisDuration)); // only calls that answered are timed
    }

    [Fact]
    public async Task AddRedisCaching_TheStoreMetersBelongToTheContainersMeterFactory()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddRedisCaching(o => o.Connection = _ => _multiplexer!);
        using var host = builder.Build();

        var store = host.Services.GetRequiredService<RedisCacheStore>();
        var factory = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

        var meter = ((ILocalCacheHost)store).Metrics.Meter;
        Assert.Equal(CachingTelemetry.MeterName, meter.Name);
        Assert.Same(factory, meter.Scope);
        Assert.NotSame(CacheMetrics.Shared.Meter, meter);
    }
}
