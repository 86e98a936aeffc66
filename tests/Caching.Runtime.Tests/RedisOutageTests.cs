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
    private static readonly TimeSpan Tight = TimeSpan.FromMilliseconds(200);

    // A read and a write, each bounded by 200 ms, plus slack for a busy two-core machine; far below Redis client defaults (5 s).
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    private readonly ListLogger _log = new();
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    private RedisServer Server => _server!;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

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
        var store = await ConnectStoreAsync(Tight);
        var key = Policies.UniqueKey("down-async");
        var factory = new CountingFactory<Product>(Policies.SampleProduct(20));
        await store.GetOrCreateCountedAsync(key, Policies.Product(), factory); // cached while Redis was up
        await Server.StopAsync();

        var clock = Stopwatch.StartNew();
        var value = await store.GetOrCreateCountedAsync(key, Policies.Product(), factory);
        clock.Stop();

        Assert.Equal(Policies.SampleProduct(20), value);
        Assert.Equal(2, factory.Calls); // the cached copy is out of reach, so the factory answered
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task OtherOperations_WhenRedisIsDown_ReportFailureWithoutThrowing()
    {
        var store = await ConnectStoreAsync(Tight);
        await Server.StopAsync();
        var key = Policies.UniqueKey("down-ops");

        Assert.Equal(CacheEntryStatus.Missing, (await store.TryGetAsync(key, Policies.Int())).Status);
        Assert.False(await store.SetAsync(key, 1, Policies.Int()));
        Assert.False(await store.InvalidateAsync(key));
        Assert.Contains("ReadFailed", _log.EventNames);
        Assert.Contains("WriteFailed", _log.EventNames);
    }

    [Fact]
    public async Task SyncPath_WhenRedisIsDown_ReturnsTheFactoryValueQuickly()
    {
        var store = await ConnectStoreAsync(Tight);
        await Server.StopAsync();
        var factory = new CountingFactory<int>(21);

        var clock = Stopwatch.StartNew();
        var value = store.GetOrCreateCounted(Policies.UniqueKey("down-sync"), Policies.Int(), factory);
        clock.Stop();

        Assert.Equal(21, value);
        Assert.Equal(1, factory.Calls);
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task WhenRedisComesBack_CachingWorksAgain()
    {
        // Roomier timeouts than the tests above: this one is about recovery, and a 200 ms synchronous call can
        // time out on a busy two-core machine (the reply waits for a pool thread) even with Redis healthy.
        var store = await ConnectStoreAsync(TimeSpan.FromSeconds(1));
        await Server.StopAsync();
        var key = Policies.UniqueKey("back");
        var factory = new CountingFactory<int>(22);
        Assert.Equal(22, await store.GetOrCreateCountedAsync(key, Policies.Int(), factory));

        await Server.StartAgainAsync();
        await WaitUntilReconnectedAsync();

        Assert.Equal(22, await store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.Equal(22, await store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.Equal(22, store.GetOrCreateCounted(key, Policies.Int(), factory));
        Assert.True(factory.Calls == 2, $"{factory.Calls} factory calls; expected one while down and one to fill the new server. Log:\n{_log}");
    }

    [Fact]
    public async Task RedisDownAtStart_TheCoreAnswers_AndCachingResumesWhenItStarts_WithoutARestartOfTheApp()
    {
        await Server.StopAsync();
        var store = await ConnectStoreAsync(TimeSpan.FromSeconds(1)); // abortConnect=false: the app starts anyway
        var key = Policies.UniqueKey("down-at-start");
        var factory = new CountingFactory<int>(23);

        var clock = Stopwatch.StartNew();
        Assert.Equal(23, await store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.Equal(23, await store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.True(clock.Elapsed < Bound, $"two calls with Redis down took {clock.Elapsed}");
        Assert.Equal(2, factory.Calls);

        await Server.StartAgainAsync();
        await WaitUntilReconnectedAsync();

        Assert.Equal(23, await store.GetOrCreateCountedAsync(key, Policies.Int(), factory)); // fills the new server
        Assert.Equal(23, await store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.Equal(3, factory.Calls);
        Assert.True((await _multiplexer!.GetDatabase().KeyExistsAsync(key)), "the entry is in Redis");
    }

    // The same multiplexer and store throughout, as in an application; timeout bounds both the sync and async paths.
    private async Task<RedisCacheStore> ConnectStoreAsync(TimeSpan timeout)
    {
        var options = Server.CreateOptions();
        options.SyncTimeout = (int)timeout.TotalMilliseconds;
        options.ConnectTimeout = 500;
        options.ReconnectRetryPolicy = new LinearRetry(100); // come back quickly once the server does
        _multiplexer = await Server.ConnectAsync(options);
        return new RedisCacheStore(_multiplexer, new RedisCacheStoreOptions { OperationTimeout = timeout }, _log);
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
