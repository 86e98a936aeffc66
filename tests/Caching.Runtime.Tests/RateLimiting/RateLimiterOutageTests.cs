using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.RateLimiting;

/// <summary>RedisSlidingWindowRateLimiter when Redis is down or hung: fail-open, fail-closed, logging, cancellation.</summary>
public sealed class RateLimiterOutageTests : IAsyncLifetime
{
    private readonly ListLogger _log = new();
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    private RedisServer Server => _server!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        var options = _server.CreateOptions();
        options.AsyncTimeout = 1000;
        options.SyncTimeout = 1000;
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

    private RedisSlidingWindowRateLimiter Limiter(RedisRateLimiterFailureMode mode, TimeSpan? logInterval = null)
    {
        var store = new RedisCacheStore(_multiplexer!, new RedisCacheStoreOptions { RepeatedFailureLogInterval = logInterval ?? TimeSpan.FromMinutes(1) }, _log);
        return new RedisSlidingWindowRateLimiter(store, new RedisSlidingWindowRateLimiterOptions
        {
            PermitLimit = 2,
            Window = TimeSpan.FromMinutes(1),
            Key = Policies.UniqueKey("rl-outage"),
            FailureMode = mode,
        });
    }

    [Fact]
    public async Task FailOpen_GrantsWhileRedisIsDown_AndLogsOnce()
    {
        using var limiter = Limiter(RedisRateLimiterFailureMode.FailOpen);
        Assert.True((await limiter.AcquireAsync(2)).IsAcquired);
        Assert.False((await limiter.AcquireAsync()).IsAcquired);
        await Server.StopAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await limiter.AcquireAsync()).IsAcquired);
        }

        Assert.Single(_log.EventNames, "FailedOpen");
        Assert.Equal(6, limiter.GetStatistics()!.TotalSuccessfulLeases);
    }

    [Fact]
    public async Task FailClosed_RefusesWhileRedisIsDown_AndLogsOnce()
    {
        using var limiter = Limiter(RedisRateLimiterFailureMode.FailClosed);
        Assert.True((await limiter.AcquireAsync()).IsAcquired);
        await Server.StopAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.False((await limiter.AcquireAsync()).IsAcquired);
        }

        Assert.Single(_log.EventNames, "FailedClosed");
        Assert.Equal(5, limiter.GetStatistics()!.TotalFailedLeases);
    }

    [Fact]
    public async Task RepeatedFailures_AreLoggedEveryTime_WhenTheIntervalIsZero()
    {
        using var limiter = Limiter(RedisRateLimiterFailureMode.FailOpen, logInterval: TimeSpan.Zero);
        await Server.StopAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await limiter.AcquireAsync()).IsAcquired);
        }

        Assert.Equal(3, Array.FindAll(_log.EventNames, n => n == "FailedOpen").Length);
    }

    [Fact]
    public async Task AHungRedis_IsBoundedByTheTimeout_ThenFailsOpen()
    {
        using var limiter = Limiter(RedisRateLimiterFailureMode.FailOpen);
        await Server.PauseAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            Assert.True((await limiter.AcquireAsync()).IsAcquired);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        }
        finally
        {
            await Server.ResumeAsync();
        }
    }

    [Fact]
    public async Task Cancellation_EndsTheWait_WithOperationCanceled()
    {
        using var limiter = Limiter(RedisRateLimiterFailureMode.FailOpen);
        using (var cancelled = new CancellationTokenSource())
        {
            cancelled.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await limiter.AcquireAsync(1, cancelled.Token));
        }

        await Server.PauseAsync();
        try
        {
            // Had the wait run into the 1 s timeout instead, the lease would have been granted (FailOpen), not thrown.
            using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await limiter.AcquireAsync(1, soon.Token));
        }
        finally
        {
            await Server.ResumeAsync();
        }

        Assert.Empty(_log.EventNames); // a caller's cancellation is not a Redis failure
    }
}
