using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// Pattern invalidation with Redis unreachable: nothing is thrown, nothing is counted as deleted, and the log says
/// that the matching keys may be served until the invalidation is replayed (or they expire). The test stops its own server.
/// </summary>
public sealed class PatternInvalidationOutageTests : IAsyncLifetime
{
    private readonly ListLogger _log = new();
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
    public async Task WhenTheServerIsDown_ReturnsZero_AndLogsThatKeysMayBeServed()
    {
        var store = new RedisCacheStore(_multiplexer!, new RedisCacheStoreOptions { KeyPrefix = "app" }, _log);
        Assert.True(await _multiplexer!.GetDatabase().StringSetAsync("app:user:1", "v"));
        await _server!.StopAsync();

        var deleted = await store.InvalidatePatternAsync("user:*");

        Assert.Equal(0, deleted);
        Assert.Contains("InvalidatePatternFailed", _log.EventNames);
        Assert.Contains("keys matching it there may be served until the invalidation is replayed (or they expire)", _log.ToString());
    }
}
