using System;
using System.Threading.Tasks;
using Caching.TestSupport;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.DistributedCache;

/// <summary>With Redis down, RedisDistributedCache throws (the IDistributedCache convention), quickly.</summary>
public sealed class DistributedCacheOutageTests : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

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
    public async Task EveryOperation_Throws_WhenRedisIsDown()
    {
        var cache = new RedisDistributedCache(new RedisCacheStore(_multiplexer!));
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions());
        await _server!.StopAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => cache.GetAsync("k"));
        await Assert.ThrowsAnyAsync<Exception>(() => cache.SetAsync("k", [2], new DistributedCacheEntryOptions()));
        await Assert.ThrowsAnyAsync<Exception>(() => cache.RefreshAsync("k"));
        await Assert.ThrowsAnyAsync<Exception>(() => cache.RemoveAsync("k"));
        Assert.ThrowsAny<Exception>(() => cache.Get("k"));
        Assert.ThrowsAny<Exception>(() => cache.Set("k", [2], new DistributedCacheEntryOptions()));
    }
}
