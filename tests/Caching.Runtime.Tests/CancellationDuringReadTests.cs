using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>
/// A caller that gives up while Redis is slow gets an OperationCanceledException, not a silent miss that runs the
/// core anyway. Own server, because the test freezes it with DEBUG SLEEP.
/// </summary>
public sealed class CancellationDuringReadTests : IAsyncLifetime
{
    private RedisServer? _server;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task CancelledWhileWaitingForRedis_Throws_AndCallsNoFactory()
    {
        await using var multiplexer = await _server!.ConnectAsync();
        // A long operation timeout, so only the caller's token can end the wait.
        var store = new RedisCacheStore(multiplexer, new RedisCacheStoreOptions { OperationTimeout = TimeSpan.FromSeconds(30) });
        var factory = new CountingFactory<int>(1);
        await multiplexer.GetDatabase().PingAsync();

        var sleep = RedisProbe.SendAsync(_server.Port, TimeSpan.FromSeconds(20), "DEBUG", "SLEEP", "3");
        await WaitUntilUnresponsiveAsync(_server.Port);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await store.GetOrCreateCountedAsync(Policies.UniqueKey("slow"), Policies.Int(), factory, cts.Token));

        Assert.Equal(0, factory.Calls);
        Assert.Equal("OK", await sleep);
    }

    // The sleep has begun once a PING goes unanswered; only then is the read sure to wait on it.
    private static async Task WaitUntilUnresponsiveAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await RedisProbe.SendAsync(port, TimeSpan.FromMilliseconds(100), "PING");
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        throw new InvalidOperationException("DEBUG SLEEP never froze the server.");
    }
}
