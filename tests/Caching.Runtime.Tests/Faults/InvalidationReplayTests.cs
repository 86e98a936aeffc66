using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Faults;

/// <summary>
/// Invalidations that fail while Redis is unreachable (a black-holed connection through the fault proxy) are kept
/// and replayed once it answers again: the old entry does not outlive the outage until its TTL.
/// </summary>
public sealed class InvalidationReplayTests : IAsyncLifetime
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ReplayDeadline = TimeSpan.FromSeconds(10);

    private RedisServer? _server;
    private FaultProxy? _proxy;
    private ConnectionMultiplexer? _throughProxy;
    private ConnectionMultiplexer? _direct;
    private readonly ListLogger _log = new();
    private readonly string _prefix = "replay-" + Guid.NewGuid().ToString("N")[..8] + ":";

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _proxy = FaultProxy.Start(_server);
        _throughProxy = await ConnectionMultiplexer.ConnectAsync(
            ConfigurationOptions.Parse(_proxy.Endpoint + ",abortConnect=false,connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000"));
        _direct = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { _throughProxy, _direct, _proxy, _server })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private RedisCacheStore Store(int maxPending = 10_000) => new(
        _throughProxy!,
        new RedisCacheStoreOptions
        {
            KeyPrefix = _prefix,
            OperationTimeout = OperationTimeout,
            MaxPendingInvalidations = maxPending,
            RepeatedFailureLogInterval = TimeSpan.Zero,
            CircuitBreaker = new CircuitBreakerOptions { BreakDuration = TimeSpan.FromSeconds(1) },
        },
        _log);

    private IDatabase Direct => _direct!.GetDatabase();

    [Fact]
    public async Task KeyInvalidation_FailedWhileBlackHoled_IsReplayedAndPublishedOnceRedisAnswers()
    {
        var store = Store();
        var key = _prefix + "user:1";
        await Direct.StringSetAsync(key, "old", TimeSpan.FromMinutes(10));
        var heard = new ConcurrentQueue<string>();
        await _direct!.GetSubscriber().SubscribeAsync(RedisChannel.Literal(_prefix + "__caching:local"),
            (_, message) => heard.Enqueue(Encoding.UTF8.GetString((byte[])message!)));

        _proxy!.BlackHole();
        Assert.False(await store.InvalidateAsync(key));
        Assert.Equal("old", await Direct.StringGetAsync(key));
        Assert.Equal(2, store.PendingInvalidationCount); // the tombstone and, separately, the L1 message

        _proxy.Pass();
        await WaitUntilAsync(() => store.PendingInvalidationCount == 0);
        var entry = (byte[]?)await Direct.StringGetAsync(key);
        Assert.NotNull(entry);
        Assert.NotEqual("old", Encoding.UTF8.GetString(entry!)); // the tombstone replaced it
        await WaitUntilAsync(() => heard.Any(m => m.Contains("user:1", StringComparison.Ordinal)));
        Assert.Contains("InvalidationsReplayed", _log.EventNames);
        Assert.Contains("InvalidateFailed", _log.EventNames);
    }

    [Fact]
    public async Task TagInvalidation_FailedWhileBlackHoled_WritesTheStampOnceRedisAnswers()
    {
        var store = Store();
        var stampKey = TagStamps.Key(_prefix, "products");

        _proxy!.BlackHole();
        Assert.False(await store.InvalidateTagAsync("products"));
        Assert.False(await Direct.KeyExistsAsync(stampKey));

        _proxy.Pass();
        await WaitUntilAsync(() => store.PendingInvalidationCount == 0);
        Assert.True(await Direct.KeyExistsAsync(stampKey));
        Assert.Contains("InvalidateTagFailed", _log.EventNames);
    }

    [Fact]
    public async Task PatternInvalidation_FailedWhileBlackHoled_DeletesTheMatchingKeysOnceRedisAnswers()
    {
        var store = Store();
        await Direct.StringSetAsync(_prefix + "order:1", "a", TimeSpan.FromMinutes(10));
        await Direct.StringSetAsync(_prefix + "order:2", "b", TimeSpan.FromMinutes(10));
        await Direct.StringSetAsync(_prefix + "user:1", "c", TimeSpan.FromMinutes(10));

        _proxy!.BlackHole();
        Assert.Equal(0, await store.InvalidatePatternAsync("order:*"));
        Assert.True(await Direct.KeyExistsAsync(_prefix + "order:1"));

        _proxy.Pass();
        await WaitUntilAsync(() => store.PendingInvalidationCount == 0);
        Assert.False(await Direct.KeyExistsAsync(_prefix + "order:1"));
        Assert.False(await Direct.KeyExistsAsync(_prefix + "order:2"));
        Assert.True(await Direct.KeyExistsAsync(_prefix + "user:1")); // outside the pattern
    }

    [Fact]
    public async Task PastMaxPendingInvalidations_AFailureIsLoggedAndNotKept_TheKeptOnesAreStillReplayed()
    {
        var store = Store(maxPending: 2);
        foreach (var id in new[] { 1, 2, 3 })
        {
            await Direct.StringSetAsync(_prefix + "item:" + id, "old", TimeSpan.FromMinutes(10));
        }

        _proxy!.BlackHole();
        Assert.False(await store.InvalidateAsync(_prefix + "item:1")); // keeps the tombstone and the L1 message
        Assert.False(await store.InvalidateAsync(_prefix + "item:2"));
        Assert.Equal(2, store.PendingInvalidationCount);
        Assert.Equal(2, _log.EventNames.Count(n => n == "InvalidationNotKept"));

        _proxy.Pass();
        await WaitUntilAsync(() => store.PendingInvalidationCount == 0);
        Assert.NotEqual("old", (string?)await Direct.StringGetAsync(_prefix + "item:1"));
        Assert.Equal("old", await Direct.StringGetAsync(_prefix + "item:2")); // not kept: served until its TTL
    }

    [Fact]
    public async Task WithMaxPendingInvalidationsZero_NothingIsKeptOrReplayed()
    {
        var store = Store(maxPending: 0);
        var key = _prefix + "user:9";
        await Direct.StringSetAsync(key, "old", TimeSpan.FromMinutes(10));

        _proxy!.BlackHole();
        Assert.False(await store.InvalidateAsync(key));
        Assert.Equal(0, store.PendingInvalidationCount);
        _proxy.Pass();
        await Task.Delay(1000);
        Assert.Equal("old", await Direct.StringGetAsync(key));
        Assert.DoesNotContain("InvalidationsReplayed", _log.EventNames);
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < ReplayDeadline, $"not within {ReplayDeadline}. Log:\n{_log}");
            await Task.Delay(20);
        }
    }
}
