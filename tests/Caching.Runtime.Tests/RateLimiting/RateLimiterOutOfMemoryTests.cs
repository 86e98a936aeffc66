using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.RateLimiting;

/// <summary>
/// At maxmemory with noeviction, Redis refuses a script's first write that may grow memory but not the writes after
/// one. The limiter's script used to trim stale permits first, so its ZADD then went through and grew the set past
/// the limit; now a grant's first write is the ZADD, Redis refuses it, and the limiter's failure mode applies.
/// </summary>
public sealed class RateLimiterOutOfMemoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    private readonly ListLogger _log = new();
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync("--maxmemory-policy", "noeviction");
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
    public async Task AtMaxMemory_AGrantIsRefusedByRedis_TheFailureModeApplies_AndTheWindowDoesNotGrow()
    {
        var key = Policies.UniqueKey("rl-oom");
        var store = new RedisCacheStore(_multiplexer!, new RedisCacheStoreOptions(), _log);
        using var limiter = new RedisSlidingWindowRateLimiter(store, new RedisSlidingWindowRateLimiterOptions
        {
            PermitLimit = 10,
            Window = Window,
            Key = key,
            FailureMode = RedisRateLimiterFailureMode.FailOpen,
        });
        var database = _multiplexer!.GetDatabase();

        // Five permits that will be stale, then one that keeps the key alive past their window.
        Assert.True((await limiter.AcquireAsync(5)).IsAcquired);
        await Task.Delay(Window * 0.6);
        Assert.True((await limiter.AcquireAsync(1)).IsAcquired);
        await Task.Delay(Window * 0.6);
        Assert.Equal(6, await database.SortedSetLengthAsync(key));

        await database.ExecuteAsync("CONFIG", "SET", "maxmemory", "1");
        Assert.True((await limiter.AcquireAsync(1)).IsAcquired); // fail-open: Redis refused to record it
        Assert.Single(_log.EventNames, "FailedOpen");
        Assert.Equal(6, await database.SortedSetLengthAsync(key)); // nothing trimmed, nothing added

        await database.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        Assert.True((await limiter.AcquireAsync(1)).IsAcquired);
        Assert.Equal(2, await database.SortedSetLengthAsync(key)); // the stale five trimmed, one added
    }
}
