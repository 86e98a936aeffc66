using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Faults;

/// <summary>
/// The fault proxy of Caching.TestSupport between a multiplexer and a private redis-server: each fault does what it
/// says, and the client recovers once the proxy passes bytes again.
/// </summary>
public sealed class FaultProxyTests : IAsyncLifetime
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(15);

    private RedisServer? _server;
    private FaultProxy? _proxy;
    private ConnectionMultiplexer? _multiplexer;

    private RedisServer Server => _server!;

    private FaultProxy Proxy => _proxy!;

    private ConnectionMultiplexer Multiplexer => _multiplexer!;

    private IDatabase Db => Multiplexer.GetDatabase();

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _proxy = FaultProxy.Start(_server);
        var options = ConfigurationOptions.Parse(_proxy.Endpoint + ",abortConnect=false,connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000");
        options.ReconnectRetryPolicy = new LinearRetry(100); // reconnect quickly once the proxy passes again
        options.KeepAlive = 300; // no keep-alive PING during a test, so the only traffic is the test's own
        _multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        Assert.True(_multiplexer.IsConnected);
        await QuietAsync();
    }

    public async Task DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }

        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
            Assert.Equal(0, _proxy.OpenConnections);
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Pass_ForwardsPing_AndCountsConnectionsAndBytes()
    {
        var up = Proxy.BytesClientToServer;
        var down = Proxy.BytesServerToClient;

        await Db.PingAsync();

        Assert.Equal(2, Proxy.OpenConnections); // the interactive and the subscription connection
        Assert.Equal(2, Proxy.AcceptedConnections);
        Assert.Equal(up + "*1\r\n$4\r\nPING\r\n".Length, Proxy.BytesClientToServer);
        Assert.Equal(down + "+PONG\r\n".Length, Proxy.BytesServerToClient);
    }

    [Fact]
    public async Task Latency_DelaysEachDirection()
    {
        var latency = TimeSpan.FromMilliseconds(200);
        Proxy.Latency(latency);

        var clock = Stopwatch.StartNew();
        await Db.PingAsync();
        var elapsed = clock.Elapsed;

        // The command waits once on its way up, the reply once on its way down.
        Assert.True(elapsed >= 2 * latency - TimeSpan.FromMilliseconds(5), $"PING took {elapsed}");
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"PING took {elapsed}");

        Proxy.Pass();
        clock.Restart();
        await Db.PingAsync();
        Assert.True(clock.Elapsed < latency, $"PING took {clock.Elapsed} after Pass()");
    }

    [Fact]
    public async Task BlackHole_TimesOutPing_ThenPassReconnectsAndAnswers()
    {
        var down = Proxy.BytesServerToClient;
        Proxy.BlackHole();

        await Assert.ThrowsAsync<RedisTimeoutException>(() => Db.PingAsync());
        Assert.Equal(2, Proxy.OpenConnections); // hung, not closed
        Assert.Equal(down, Proxy.BytesServerToClient);

        Proxy.Pass();
        await WaitForPingAsync();
    }

    [Fact]
    public async Task Drop_RaisesConnectionFailed_ThenPassReconnects()
    {
        var failed = ConnectionFailed();
        var restored = ConnectionRestored();
        var accepted = Proxy.AcceptedConnections;

        Proxy.Drop();

        var failure = await failed.WaitAsync(Recovery);
        Assert.Equal(ConnectionFailureType.SocketClosed, failure.FailureType);
        await Assert.ThrowsAnyAsync<RedisException>(() => Db.PingAsync());
        Assert.Equal(0, Proxy.OpenConnections);
        Assert.True(Proxy.AcceptedConnections > accepted, "the client never tried to reconnect while dropped");

        Proxy.Pass();
        await restored.WaitAsync(Recovery);
        await WaitForPingAsync();
        Assert.Equal(2, Proxy.OpenConnections);
    }

    [Fact]
    public async Task Reset_RaisesConnectionFailed_ThenReconnects()
    {
        var failed = ConnectionFailed();
        var restored = ConnectionRestored();

        Proxy.Reset();

        var failure = await failed.WaitAsync(Recovery);
        Assert.Equal(ConnectionFailureType.SocketFailure, failure.FailureType);

        Proxy.Pass();
        await restored.WaitAsync(Recovery);
        await WaitForPingAsync();
        Assert.Equal(2, Proxy.OpenConnections);
    }

    [Fact]
    public async Task CutNextReply_FailsTheGet_NeverAWrongValue_ThenTheNextGetReturnsTheWholeValue()
    {
        var key = Policies.UniqueKey("cut");
        var value = new byte[100 * 1024];
        new Random(8).NextBytes(value);
        Assert.True(await Db.StringSetAsync(key, value, TimeSpan.FromMinutes(1)));
        var down = Proxy.BytesServerToClient;

        Proxy.CutNextReply(50_000);

        await Assert.ThrowsAsync<RedisConnectionException>(() => Db.StringGetAsync(key));
        Assert.Equal(1, Proxy.CutReplies);
        // 50,000 bytes of the reply, plus the handshake of the reconnection if it has begun: never the whole value.
        Assert.InRange(Proxy.BytesServerToClient - down, 50_000, value.Length - 1);

        await WaitForPingAsync();
        var again = (byte[]?)await Db.StringGetAsync(key);
        Assert.Equal(value, again);
    }

    private Task<ConnectionFailedEventArgs> ConnectionFailed()
    {
        var seen = new TaskCompletionSource<ConnectionFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        Multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                seen.TrySetResult(e);
            }
        };
        return seen.Task;
    }

    private Task ConnectionRestored()
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                seen.TrySetResult();
            }
        };
        return seen.Task;
    }

    // The multiplexer goes on with its handshake (INFO, CONFIG, the subscription connection) after ConnectAsync
    // returns; byte counts and a cut reply are measured once no byte has moved for a while.
    private async Task QuietAsync()
    {
        var clock = Stopwatch.StartNew();
        var last = (-1L, -1L);
        var quiet = 0;
        while (quiet < 3)
        {
            Assert.True(clock.Elapsed < Recovery, "the connection never went quiet");
            await Task.Delay(100);
            var now = (Proxy.BytesClientToServer, Proxy.BytesServerToClient);
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    private async Task WaitForPingAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await Db.PingAsync();
                return;
            }
            catch (RedisException) when (clock.Elapsed < Recovery)
            {
                await Task.Delay(100);
            }
        }
    }
}
