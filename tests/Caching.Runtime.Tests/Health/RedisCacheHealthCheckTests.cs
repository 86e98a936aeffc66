using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Caching.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Health;

/// <summary>RedisCacheHealthCheck against a redis-server of its own (the tests change its memory settings).</summary>
public sealed class RedisCacheHealthCheckTests : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    private RedisServer Server => _server!;

    private ConnectionMultiplexer Multiplexer => _multiplexer!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _multiplexer = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task FreshRedis_IsHealthy_AndReportsItsFigures()
    {
        var db = Multiplexer.GetDatabase();
        await db.StringSetAsync("health:a", "1", TimeSpan.FromMinutes(1));
        await db.StringGetAsync("health:a");
        await db.StringGetAsync("health:missing");

        var result = await Check(new RedisCacheHealthOptions { LatencyDegraded = TimeSpan.FromSeconds(5) });

        Assert.Equal(HealthStatus.Healthy, result.Status);

        // The client's own connect-time read of its tie-breaker key is a miss too, so compare with the server's counters.
        var stats = (await Admin().InfoAsync("stats")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        var hits = double.Parse(stats["keyspace_hits"], CultureInfo.InvariantCulture);
        var misses = double.Parse(stats["keyspace_misses"], CultureInfo.InvariantCulture);
        Assert.True(hits >= 1 && misses >= 1);
        Assert.Equal(Math.Round(hits / (hits + misses), 4), (double)result.Data[Server.Endpoint + ":hit_rate"]);
        Assert.Equal(0L, (long)result.Data[Server.Endpoint + ":keys_without_ttl"]);
        Assert.True((long)result.Data[Server.Endpoint + ":used_memory"] > 0);
        Assert.True(result.Data.ContainsKey(Server.Endpoint + ":ping_ms"));
    }

    [Fact]
    public async Task SlowPing_IsDegraded()
    {
        var result = await Check(new RedisCacheHealthOptions { LatencyDegraded = TimeSpan.Zero });

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("PING took", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryNearMaxmemory_IsDegraded()
    {
        await Admin().ConfigSetAsync("maxmemory", "100mb");

        var result = await Check(new RedisCacheHealthOptions { LatencyDegraded = TimeSpan.FromSeconds(5), MemoryDegradedRatio = 0.001 });

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("used memory is", result.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("noeviction", true)]
    [InlineData("volatile-lru", true)]
    [InlineData("allkeys-lru", false)]
    public async Task KeysWithoutTtl_UnderAPolicyThatCannotEvictThem_AreDegraded(string policy, bool degraded)
    {
        await Admin().ConfigSetAsync("maxmemory-policy", policy);
        await Multiplexer.GetDatabase().StringSetAsync("health:forever", "1");

        var result = await Check(new RedisCacheHealthOptions { LatencyDegraded = TimeSpan.FromSeconds(5) });

        Assert.Equal(degraded ? HealthStatus.Degraded : HealthStatus.Healthy, result.Status);
        Assert.Equal(1L, (long)result.Data[Server.Endpoint + ":keys_without_ttl"]);
    }

    [Fact]
    public async Task RedisDown_ReportsTheUnavailableStatus()
    {
        await Server.StopAsync();
        for (var i = 0; i < 100 && Multiplexer.IsConnected; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(HealthStatus.Degraded, (await Check(new RedisCacheHealthOptions())).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await Check(new RedisCacheHealthOptions { UnavailableStatus = HealthStatus.Unhealthy })).Status);
    }

    [Fact]
    public async Task AddRedisCache_RegistersTheCheck_ForTheStoreAddRedisCachingMade()
    {
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddRedisCaching(o => o.Connection = _ => Multiplexer)
            .AddHealthChecks().AddRedisCache(configure: o => o.LatencyDegraded = TimeSpan.FromSeconds(5)).Services
            .BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries["redis-cache"].Status);
    }

    [Fact]
    public async Task ConnectionWithoutAllowAdmin_StillReadsInfo()
    {
        // Applications connect without allowAdmin; the check must not need it (it once used IServer.InfoAsync, which
        // threw RedisCommandException there and turned /health Unhealthy while Redis was fine).
        await using var plain = await ConnectionMultiplexer.ConnectAsync(Server.Endpoint + ",abortConnect=false");

        var result = await new RedisCacheHealthCheck(new RedisCacheStore(plain), new RedisCacheHealthOptions { LatencyDegraded = TimeSpan.FromSeconds(5) })
            .CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.True((long)result.Data[Server.Endpoint + ":used_memory"] > 0);
        Assert.Equal("noeviction", result.Data[Server.Endpoint + ":maxmemory_policy"]);
    }

    [Fact]
    public async Task AclUserDeniedInfo_IsHealthy_WithoutTheFigures()
    {
        await Admin().ExecuteAsync("ACL", "SETUSER", "app", "on", ">app-secret", "~*", "+@all", "-info");
        await using var restricted = await ConnectionMultiplexer.ConnectAsync(Server.Endpoint + ",abortConnect=false,user=app,password=app-secret");

        var result = await new RedisCacheHealthCheck(new RedisCacheStore(restricted), new RedisCacheHealthOptions { LatencyDegraded = TimeSpan.FromSeconds(5) })
            .CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.StartsWith("refused: NOPERM", (string)result.Data[Server.Endpoint + ":info"], StringComparison.Ordinal);
        Assert.False(result.Data.ContainsKey(Server.Endpoint + ":used_memory"));
    }

    private IServer Admin() => Multiplexer.GetServer(Server.Endpoint);

    private Task<HealthCheckResult> Check(RedisCacheHealthOptions options)
        => new RedisCacheHealthCheck(new RedisCacheStore(Multiplexer), options).CheckHealthAsync(new HealthCheckContext());
}
