using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>
/// With Redis gone the cache degrades to "always miss": the caller gets the factory's value, fast, and no exception.
/// Each test gets its own server because it kills it.
/// </summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(200);

    // A read and a write, each bounded by 200 ms, plus slack for a busy two-core machine; far below Redis client defaults (5 s).
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;
    private RedisCacheStore? _store;

    private RedisServer Server => _server!;

    private RedisCacheStore Store => _store!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        var options = _server.CreateOptions();
        options.SyncTimeout = (int)OperationTimeout.TotalMilliseconds; // bounds the synchronous path
        options.ConnectTimeout = 500;
        options.ReconnectRetryPolicy = new LinearRetry(100); // come back quickly once the server does
        _multiplexer = await _server.ConnectAsync(options);
        _store = new RedisCacheStore(_multiplexer, new RedisCacheStoreOptions { OperationTimeout = OperationTimeout });
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
    public async Task AsyncPath_WhenRedisIsDown_ReturnsTheFactoryValueQuickly()
    {
        var key = Policies.UniqueKey("down-async");
        var factory = new CountingFactory<Product>(Policies.SampleProduct(20));
        await Store.GetOrCreateCountedAsync(key, Policies.Product(), factory); // cached while Redis was up
        await Server.StopAsync();

        var clock = Stopwatch.StartNew();
        var value = await Store.GetOrCreateCountedAsync(key, Policies.Product(), factory);
        clock.Stop();

        Assert.Equal(Policies.SampleProduct(20), value);
        Assert.Equal(2, factory.Calls); // the cached copy is out of reach, so the factory answered
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task OtherOperations_WhenRedisIsDown_ReportFailureWithoutThrowing()
    {
        await Server.StopAsync();
        var key = Policies.UniqueKey("down-ops");

        Assert.Equal(CacheEntryStatus.Missing, (await Store.TryGetAsync(key, Policies.Int())).Status);
        Assert.False(await Store.SetAsync(key, 1, Policies.Int()));
        Assert.False(await Store.RemoveAsync(key));
    }

    [Fact]
    public async Task SyncPath_WhenRedisIsDown_ReturnsTheFactoryValueQuickly()
    {
        await Server.StopAsync();
        var factory = new CountingFactory<int>(21);

        var clock = Stopwatch.StartNew();
        var value = Store.GetOrCreateCounted(Policies.UniqueKey("down-sync"), Policies.Int(), factory);
        clock.Stop();

        Assert.Equal(21, value);
        Assert.Equal(1, factory.Calls);
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task WhenRedisComesBack_CachingWorksAgain()
    {
        await Server.StopAsync();
        var key = Policies.UniqueKey("back");
        var factory = new CountingFactory<int>(22);
        Assert.Equal(22, await Store.GetOrCreateCountedAsync(key, Policies.Int(), factory));

        await Server.StartAgainAsync();
        await WaitUntilReconnectedAsync();

        Assert.Equal(22, await Store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.Equal(22, await Store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.Equal(22, Store.GetOrCreateCounted(key, Policies.Int(), factory));
        Assert.Equal(2, factory.Calls); // once while down, once to fill the new server, then hits
    }

    private async Task WaitUntilReconnectedAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await _multiplexer!.GetDatabase().PingAsync();
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
            }
        }
    }
}
