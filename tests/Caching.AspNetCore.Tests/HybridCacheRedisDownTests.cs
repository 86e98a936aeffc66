using System;
using System.Threading.Tasks;
using Caching.TestSupport;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Caching.AspNetCore.Tests;

/// <summary>
/// RedisDistributedCache throws when Redis is down (the IDistributedCache convention); HybridCache, its main user,
/// tolerates that: the factory answers and the caller sees no exception.
/// </summary>
public sealed class HybridCacheRedisDownTests
{
    [Fact]
    public async Task WithRedisDown_HybridCacheServesFromItsFactory_WithoutThrowing()
    {
        await using var server = await RedisServer.StartAsync();
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddRedisCaching(o => o.Configuration = server.Endpoint + ",connectTimeout=1000,asyncTimeout=1000,syncTimeout=1000")
            .AddRedisDistributedCache()
            .AddHybridCache().Services
            .BuildServiceProvider();
        var cache = provider.GetRequiredService<HybridCache>();
        Assert.Equal("up", await cache.GetOrCreateAsync("k-up", _ => ValueTask.FromResult("up")));
        await server.StopAsync();

        var calls = 0;
        var value = await cache.GetOrCreateAsync("k-down", _ =>
        {
            calls++;
            return ValueTask.FromResult("from the factory");
        });

        Assert.Equal("from the factory", value);
        Assert.Equal(1, calls);
        await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<RedisDistributedCache>().GetAsync("k-down"));
    }
}
