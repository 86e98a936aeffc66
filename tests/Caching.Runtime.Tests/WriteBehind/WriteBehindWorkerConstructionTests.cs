using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>What the worker refuses at construction, before it ever talks to Redis, and its defaults.</summary>
[Collection(RedisCollections.Server)]
public sealed class WriteBehindWorkerConstructionTests(RedisServerFixture redis)
{
    private static readonly WriteBehindHandler Save = new("App.Orders.SaveAsync", static (_, _) => ValueTask.CompletedTask);

    private readonly RedisCacheStore _store = TestCalls.NewStore(redis.Multiplexer);

    [Fact]
    public void DuplicateHandlerIds_AreRefused()
    {
        var twin = new WriteBehindHandler("App.Orders.SaveAsync", static (_, _) => ValueTask.CompletedTask);
        var error = Assert.Throws<ArgumentException>(() => new WriteBehindWorker(_store, [Save, twin]));
        Assert.Contains("App.Orders.SaveAsync", error.Message);
    }

    [Fact]
    public void NoHandlers_AreRefused()
        => Assert.Throws<ArgumentException>(() => new WriteBehindWorker(_store, []));

    [Fact]
    public void Handler_NeedsAnIdAndADelegate()
    {
        Assert.Throws<ArgumentException>(() => new WriteBehindHandler("", static (_, _) => ValueTask.CompletedTask));
        Assert.Throws<ArgumentNullException>(() => new WriteBehindHandler("x", null!));
    }

    [Fact]
    public void InvalidOptions_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehindWorker(_store, [Save], new WriteBehindWorkerOptions { MaxAttempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehindWorker(_store, [Save], new WriteBehindWorkerOptions { MaxDeliveries = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehindWorker(_store, [Save], new WriteBehindWorkerOptions { IdleConsumerTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehindWorker(_store, [Save], new WriteBehindWorkerOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehindWorker(_store, [Save], new WriteBehindWorkerOptions { ClaimIdleTime = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehindWorker(_store, [Save], new WriteBehindWorkerOptions { PollInterval = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehindWorker(_store, [Save], new WriteBehindWorkerOptions { RetryMaxDelay = TimeSpan.FromMilliseconds(1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehindWorker(_store, [Save], new WriteBehindWorkerOptions { DeadLetterMaxLength = 0 }));
        Assert.Throws<ArgumentException>(() => new WriteBehindWorker(_store, [Save], new WriteBehindWorkerOptions { ConsumerGroup = "" }));
    }

    [Fact]
    public async Task Defaults_NameTheConsumerAfterTheMachineAndProcess_AndTheStreamsAfterThePrefix()
    {
        await using var worker = new WriteBehindWorker(_store, [Save]);

        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", worker.ConsumerName);
        Assert.Equal("caching-writebehind", worker.ConsumerGroup);
        Assert.Equal(_store.KeyPrefix + "writebehind", worker.StreamKey);
        Assert.Equal(_store.KeyPrefix + "writebehind:dead", worker.DeadLetterStreamKey);
        Assert.Equal(_store.KeyPrefix + "writebehind:dead", _store.WriteBehindDeadLetterStreamKey);
        Assert.Equal(10, new WriteBehindWorkerOptions().MaxDeliveries);
        Assert.Equal(TimeSpan.FromHours(1), new WriteBehindWorkerOptions().IdleConsumerTimeout);
    }

    [Fact]
    public async Task StartingTwice_IsRefused()
    {
        await using var worker = new WriteBehindWorker(_store, [Save], TestCalls.FastOptions());
        await worker.StartAsync(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => worker.StartAsync(CancellationToken.None));
    }

    [Fact]
    public async Task StopWithoutStart_AndDisposeTwice_AreHarmless()
    {
        var worker = new WriteBehindWorker(_store, [Save]);
        await worker.StopAsync(CancellationToken.None);
        await worker.DisposeAsync();
        await worker.DisposeAsync();
    }
}
