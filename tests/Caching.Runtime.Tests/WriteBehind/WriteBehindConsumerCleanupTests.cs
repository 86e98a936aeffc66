using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>
/// Workers keep the consumer group from filling with the names of processes long gone: consumers idle past
/// IdleConsumerTimeout that hold no pending call are deleted when a worker starts and by its periodic sweeps;
/// a consumer holding pending calls is kept however long it has been idle, so its calls can still be claimed.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class WriteBehindConsumerCleanupTests(RedisServerFixture redis)
{
    private const string Group = "caching-writebehind";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly RedisCacheStore _store = TestCalls.NewStore(redis.Multiplexer);
    private readonly WorkerLogger _log = new();

    private IDatabase Database => redis.Database;

    private string Stream => _store.WriteBehindStreamKey;

    [Fact]
    public async Task OnStart_IdleConsumersWithoutPendingCalls_AreDeleted_ThoseHoldingCallsOrRecentlyActiveAreKept()
    {
        await Database.StreamCreateConsumerGroupAsync(Stream, Group, "0-0", createStream: true);
        var held = await EnqueueAsync(1);
        await Database.StreamReadGroupAsync(Stream, Group, "crashed-holding-a-call", ">", 1);
        var done = await EnqueueAsync(2);
        await Database.StreamReadGroupAsync(Stream, Group, "finished-its-calls", ">", 1);
        await Database.StreamAcknowledgeAsync(Stream, Group, done);
        await CreateConsumerAsync("never-read");
        var idleTimeout = TimeSpan.FromSeconds(2);
        await Task.Delay(idleTimeout + TimeSpan.FromMilliseconds(300));
        await CreateConsumerAsync("recently-active"); // deleted by a sweep no earlier than 2 s from now

        var options = TestCalls.FastOptions("sweeper");
        options.IdleConsumerTimeout = idleTimeout;
        options.ClaimIdleTime = TimeSpan.FromHours(1); // the held call stays with its consumer
        await using var worker = new WriteBehindWorker(_store, [new RecordingHandler().Handler()], options, _log);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => !(await ConsumerNamesAsync()).Contains("never-read"), Patience, () => _log.ToString());

        var names = await ConsumerNamesAsync();
        Assert.DoesNotContain("finished-its-calls", names);
        Assert.Contains("crashed-holding-a-call", names);
        Assert.Contains("recently-active", names);
        var pending = Assert.Single(await Database.StreamPendingMessagesAsync(Stream, Group, 10, RedisValue.Null));
        Assert.Equal(held, (string?)pending.MessageId);
        Assert.Equal("crashed-holding-a-call", (string?)pending.ConsumerName);
        Assert.Equal(1, _log.Count("IdleConsumersDeleted"));
        Assert.Contains("finished-its-calls", _log.ToString());
    }

    [Fact]
    public async Task WhileRunning_ConsumersThatGoIdleLater_AreDeletedByAPeriodicSweep()
    {
        var options = TestCalls.FastOptions("periodic-sweeper");
        options.IdleConsumerTimeout = TimeSpan.FromMilliseconds(400);
        await using var worker = new WriteBehindWorker(_store, [new RecordingHandler().Handler()], options, _log);
        await worker.StartAsync(CancellationToken.None);
        // Also makes the group exist before the consumer below joins it. Not EnqueueAsync: the running worker may
        // take and delete the call before its id could be read back.
        Assert.True(await _store.EnqueueWriteBehindAsync(TestCalls.HandlerId, TestCalls.Arguments(1)));
        await Eventually.TrueAsync(() => worker.ProcessedCount == 1, Patience, () => _log.ToString());

        // Joins after the sweep at start, and is not idle long enough until 400 ms later: only a later sweep can delete it.
        await CreateConsumerAsync("gone-later");
        await Eventually.TrueAsync(async () => !(await ConsumerNamesAsync()).Contains("gone-later"), Patience, () => _log.ToString());

        // Never itself, though idle as long: before Redis 7.2, reads that find nothing do not reset a consumer's idle time.
        Assert.Contains("periodic-sweeper", await ConsumerNamesAsync());
    }

    // Returns the queued call's id, read back from the stream: only while no worker runs, or the call may be gone.
    private async Task<string> EnqueueAsync(int orderId)
    {
        Assert.True(await _store.EnqueueWriteBehindAsync(TestCalls.HandlerId, TestCalls.Arguments(orderId)));
        return (string)(await Database.StreamRangeAsync(Stream, count: 1, messageOrder: Order.Descending))[0].Id!;
    }

    private Task CreateConsumerAsync(string name)
        => Database.ExecuteAsync("XGROUP", "CREATECONSUMER", Stream, Group, name);

    private async Task<string[]> ConsumerNamesAsync()
        => (await Database.StreamConsumerInfoAsync(Stream, Group)).Select(c => c.Name).ToArray();
}
