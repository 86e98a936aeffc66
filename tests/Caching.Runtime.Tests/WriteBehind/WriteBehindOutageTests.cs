using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>
/// Write-behind with Redis gone: queuing says so (the generated method then runs the core at once), and the worker
/// rides out an outage, even one that loses the stream and its group. Each test has its own server, as it kills it.
/// </summary>
public sealed class WriteBehindOutageTests : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    private RedisServer Server => _server!;

    private ConnectionMultiplexer Multiplexer => _multiplexer!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        var options = _server.CreateOptions();
        options.ConnectTimeout = 500;
        options.ReconnectRetryPolicy = new LinearRetry(100); // come back quickly once the server does
        _multiplexer = await _server.ConnectAsync(options);
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

    private async Task<bool> IsConnectedAsync()
    {
        try
        {
            await Multiplexer.GetDatabase().PingAsync();
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Enqueue_WhenRedisIsDown_ReturnsFalse_AndLogsIt()
    {
        var log = new ListLogger();
        var store = new RedisCacheStore(Multiplexer, new RedisCacheStoreOptions { OperationTimeout = TimeSpan.FromMilliseconds(300) }, log);
        Assert.True(await store.EnqueueWriteBehindAsync(TestCalls.HandlerId, TestCalls.Arguments(1)));
        await Server.StopAsync();

        Assert.False(await store.EnqueueWriteBehindAsync(TestCalls.HandlerId, TestCalls.Arguments(2)));
        Assert.Contains("EnqueueFailed", log.EventNames);
    }

    [Fact]
    public async Task Worker_SurvivesARedisRestartThatLostTheStream_AndRunsLaterCalls()
    {
        var store = TestCalls.NewStore(Multiplexer, TimeSpan.FromMilliseconds(500));
        var database = new RecordingHandler();
        var log = new WorkerLogger();
        await using var worker = new WriteBehindWorker(store, [database.Handler()], TestCalls.FastOptions(), log);
        await worker.StartAsync(CancellationToken.None);
        Assert.True(await store.EnqueueWriteBehindAsync(TestCalls.HandlerId, TestCalls.Arguments(1)));
        await Eventually.TrueAsync(() => worker.ProcessedCount == 1, TimeSpan.FromSeconds(15), () => log.ToString());

        await Server.StopAsync();
        await Eventually.TrueAsync(() => log.Count("LoopFailed") > 0, TimeSpan.FromSeconds(15), () => log.ToString());
        await Server.StartAgainAsync(); // empty: no stream, no consumer group

        // Queue once the multiplexer has reconnected: a call queued during a timeout may be taken twice.
        await Eventually.TrueAsync(IsConnectedAsync, TimeSpan.FromSeconds(20), () => Multiplexer.GetStatus());
        Assert.True(await store.EnqueueWriteBehindAsync(TestCalls.HandlerId, TestCalls.Arguments(2)));
        await Eventually.TrueAsync(() => worker.ProcessedCount == 2, TimeSpan.FromSeconds(20), () => log.ToString());

        Assert.Equal([1, 2], database.AppliedIds);
        Assert.Equal(0, await Multiplexer.GetDatabase().StreamLengthAsync(store.WriteBehindStreamKey));
    }
}
