using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Faults;

/// <summary>
/// A hung Redis made by the fault proxy (connections open, nothing answered): every call of the store answers with
/// the core's value within its operation timeout, and once the breaker opens, at once.
/// </summary>
public sealed class HungRedisThroughProxyTests : IAsyncLifetime
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(50);

    private RedisServer? _server;
    private FaultProxy? _proxy;
    private ConnectionMultiplexer? _multiplexer;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _proxy = FaultProxy.Start(_server);
        var options = ConfigurationOptions.Parse(_proxy.Endpoint + ",abortConnect=false,connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000");
        _multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        Assert.True(_multiplexer.IsConnected);
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
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task BlackHoledRedis_EveryCallAnswersWithTheCoreWithinItsTimeout_AndTheBreakerOpens()
    {
        var log = new ListLogger();
        var store = new RedisCacheStore(
            _multiplexer!,
            new RedisCacheStoreOptions
            {
                OperationTimeout = OperationTimeout,
                CircuitBreaker = new CircuitBreakerOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 4,
                    SamplingDuration = TimeSpan.FromSeconds(10),
                    BreakDuration = TimeSpan.FromSeconds(30), // stays open for the whole test: no probe
                },
                RepeatedFailureLogInterval = TimeSpan.Zero,
            },
            log);
        var factory = new CountingFactory<int>(42);
        _proxy!.BlackHole();

        var elapsed = new List<TimeSpan>();
        var openedAt = -1;
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            var value = await store.GetOrCreateCountedAsync(Policies.UniqueKey("blackhole"), Policies.Int(), factory);
            elapsed.Add(clock.Elapsed);
            Assert.Equal(42, value);
            Assert.True(clock.Elapsed <= OperationTimeout + Slack, $"call {i} took {clock.Elapsed}. Log:\n{log}");
            if (openedAt < 0 && Array.IndexOf(log.EventNames, "CircuitOpened") >= 0)
            {
                openedAt = i;
            }
        }

        Assert.Equal(20, factory.Calls);
        Assert.Single(log.EventNames, n => n == "CircuitOpened");
        Assert.InRange(openedAt, 0, 10);
        // The first call waited out the timeout on a hung connection; every call after the breaker opened was quick.
        Assert.True(elapsed[0] >= OperationTimeout * 0.9, $"the first call took {elapsed[0]}");
        var afterOpen = elapsed.Skip(openedAt + 1).ToArray();
        Assert.NotEmpty(afterOpen);
        Assert.True(afterOpen.Max() < Fast, $"calls after the breaker opened took up to {afterOpen.Max()}");
        Assert.Equal(2, _proxy.OpenConnections); // hung, not closed: the timeouts were the store's own
    }
}
