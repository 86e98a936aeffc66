using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Local;

/// <summary>
/// L1 invalidation across processes over pub/sub (issue 5, item 2): two independent multiplexers, each with its own
/// store and L1, stand for two processes. An invalidation in one evicts the other's entry, also after Redis restarts;
/// a restart clears L1, since messages may have been missed. Its own server: these tests kill it.
/// </summary>
public sealed class CrossProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(5);

    private RedisServer? _server;
    private ConnectionMultiplexer? _connectionA;
    private ConnectionMultiplexer? _connectionB;
    private RedisCacheStore? _a;
    private RedisCacheStore? _b;
    private readonly LocalCache<ValueTuple<int>, string> _cache = LocalFlow.NewCache();

    private RedisServer Server => _server!;

    private RedisCacheStore A => _a!;

    private RedisCacheStore B => _b!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        (_connectionA, _a) = await ConnectAsync();
        (_connectionB, _b) = await ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        _connectionA?.Dispose();
        _connectionB?.Dispose();
        await Server.DisposeAsync();
    }

    [Fact]
    public async Task KeyInvalidatedInOneProcess_IsEvictedFromTheOthersL1()
    {
        await BothReadyAsync();
        await FillBothAsync(1);

        await A.InvalidateAsync(LocalFlow.Key(A, 1));

        var took = await LocalFlow.EventuallyAsync(() => !Holds(B, 1), "B's L1 still holds key 1", Propagation);
        Assert.False(Holds(A, 1));
        Assert.True(took < Propagation);
    }

    [Fact]
    public async Task TagPatternWriteThroughAndRefresh_InOneProcess_EvictTheOthersL1()
    {
        await BothReadyAsync();
        string[] tags = ["team:7"];

        await FillBothAsync(2, tags);
        await A.InvalidateTagAsync("team:7");
        await LocalFlow.EventuallyAsync(() => !Holds(B, 2), "tag invalidation did not reach B", Propagation);

        await FillBothAsync(3);
        await A.InvalidatePatternAsync("test:local:*");
        await LocalFlow.EventuallyAsync(() => !Holds(B, 3), "pattern invalidation did not reach B", Propagation);

        await FillBothAsync(4);
        await A.SetAsync(LocalFlow.Key(A, 4), "written", Policies.String());
        await LocalFlow.EventuallyAsync(() => !Holds(B, 4), "write-through did not reach B", Propagation);
        Assert.Equal("written", await _cache.GetAsync(B, 4, new CountingFactory<string>("core")));

        await FillBothAsync(5);
        await A.RefreshAsync(LocalFlow.Key(A, 5), null, Policies.String(), "fresh", static (v, _) => ValueTask.FromResult(v));
        await LocalFlow.EventuallyAsync(() => !Holds(B, 5), "refresh did not reach B", Propagation);
        Assert.Equal("fresh", await _cache.GetAsync(B, 5, new CountingFactory<string>("core")));
    }

    [Fact]
    public async Task AfterRedisRestarts_L1IsCleared_AndInvalidationsReachTheOtherProcessAgain()
    {
        await BothReadyAsync();
        await FillBothAsync(1);

        await Server.StopAsync();
        await LocalFlow.EventuallyAsync(() => !A.LocalReady && !B.LocalReady, "the stores did not notice the lost connection", Propagation);
        // Redis is gone: L1 keeps serving what it holds, but takes nothing new.
        Assert.True(Holds(B, 1));
        Assert.Equal("v2", await _cache.GetAsync(B, 2, new CountingFactory<string>("v2")));
        Assert.False(Holds(B, 2));

        await Server.StartAgainAsync();
        await LocalFlow.EventuallyAsync(() => A.LocalReady && B.LocalReady, "the subscriptions did not come back", TimeSpan.FromSeconds(20));
        // Messages may have been missed while it was down: both L1s were cleared.
        Assert.False(Holds(A, 1));
        Assert.False(Holds(B, 1));

        await FillBothAsync(1);
        await A.InvalidateAsync(LocalFlow.Key(A, 1));
        await LocalFlow.EventuallyAsync(() => !Holds(B, 1), "after the restart, B's L1 still holds key 1", Propagation);
    }

    [Fact]
    public async Task RedisDownAtStart_L1StartsWorkingWhenItAppears_WithoutARestartOfTheApp()
    {
        _connectionA!.Dispose();
        await Server.StopAsync();
        (_connectionA, _a) = await ConnectAsync();
        var core = new CountingFactory<string>("v1");

        Assert.Equal("v1", await _cache.GetAsync(A, 1, core));
        Assert.Equal("v1", await _cache.GetAsync(A, 1, core));
        Assert.Equal(2, core.Calls); // no Redis, no L1: the core answers each time

        await Server.StartAgainAsync();
        await LocalFlow.EventuallyAsync(() => A.LocalReady, "A's L1 never became ready", TimeSpan.FromSeconds(20));
        await _cache.GetAsync(A, 1, core);
        await _cache.GetAsync(A, 1, core);
        Assert.Equal(3, core.Calls);
        Assert.True(Holds(A, 1));
    }

    private async Task<(ConnectionMultiplexer, RedisCacheStore)> ConnectAsync()
    {
        var options = Server.CreateOptions();
        options.ConnectTimeout = 500;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var store = new RedisCacheStore(connection, new RedisCacheStoreOptions
        {
            KeyPrefix = "app",
            OperationTimeout = TimeSpan.FromMilliseconds(300),
            CircuitBreaker = new CircuitBreakerOptions { Enabled = false },
        });
        _cache.For(store);
        return (connection, store);
    }

    private async Task BothReadyAsync()
    {
        await LocalFlow.WaitUntilReadyAsync(A);
        await LocalFlow.WaitUntilReadyAsync(B);
    }

    private async Task FillBothAsync(int id, string[]? tags = null)
    {
        var core = new CountingFactory<string>("v" + id);
        await _cache.GetAsync(A, id, core, tags);
        await _cache.GetAsync(B, id, core, tags);
        Assert.True(Holds(A, id), $"A's L1 did not take key {id}");
        Assert.True(Holds(B, id), $"B's L1 did not take key {id}");
    }

    private bool Holds(RedisCacheStore store, int id) => _cache.For(store)!.TryGet(new ValueTuple<int>(id), out _);
}
