using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>
/// The guard against a call that crashes (or hangs until killed) every worker that runs it: Redis counts each
/// delivery in the pending list, across processes, and a call delivered more than MaxDeliveries times is
/// dead-lettered instead of run. A crash is simulated by disposing a worker mid-call (it stops at once without
/// draining, leaving the call pending, as a killed process does) or by claiming a call under other consumer names.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class WriteBehindRedeliveryTests(RedisServerFixture redis)
{
    private const string Group = "caching-writebehind";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly RedisCacheStore _store = TestCalls.NewStore(redis.Multiplexer);
    private readonly WorkerLogger _log = new();

    private IDatabase Database => redis.Database;

    private string Stream => _store.WriteBehindStreamKey;

    [Fact]
    public async Task CallThatNeverCompletes_IsDeadLettered_OnceDeliveredMoreThanMaxDeliveries_InsteadOfRunningAgain()
    {
        const int maxDeliveries = 3;
        var queuedId = await EnqueueAsync(1, "poison");
        var hanging = new RecordingHandler { Hang = true };
        for (var run = 1; run <= maxDeliveries; run++)
        {
            // Under one stable name: each new worker re-reads its predecessor's unfinished call, one more delivery.
            await using var crashing = Worker(hanging, Options("crashing", maxDeliveries));
            await crashing.StartAsync(CancellationToken.None);
            await Eventually.TrueAsync(() => hanging.AttemptsOf(1) == run, Patience, () => _log.ToString());
        }

        Assert.Equal(maxDeliveries, await DeliveriesAsync(queuedId));

        var database = new RecordingHandler();
        await using var next = Worker(database, Options("crashing", maxDeliveries));
        await next.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => next.DeadLetteredCount == 1, Patience, () => _log.ToString());

        Assert.Equal(0, database.AttemptsOf(1)); // not run a fourth time
        Assert.Equal(maxDeliveries, hanging.AttemptsOf(1));
        var dead = Assert.Single(await Database.StreamRangeAsync(_store.WriteBehindDeadLetterStreamKey));
        Assert.Equal(queuedId, (string?)dead["source-id"]);
        Assert.Equal("TooManyDeliveries", (string?)dead["error"]);
        Assert.Equal(
            "Delivered 4 times without completing; the process may have crashed while running it (MaxDeliveries is 3).",
            (string?)dead["message"]);
        Assert.Equal(0, (int)dead["attempts"]);
        Assert.Equal((1, "poison"), TestCalls.Read((byte[])dead["args"]!));
        Assert.Equal(0, await Database.StreamLengthAsync(Stream));
        Assert.Equal(0, (await Database.StreamPendingAsync(Stream, Group)).PendingMessageCount);
        Assert.Equal(1, _log.Count("TooManyDeliveries"));
    }

    [Fact]
    public async Task ClaimedCalls_AreDeadLetteredWhenDeliveredTooOften_WhileTheOthersOfTheBatchRun()
    {
        await Database.StreamCreateConsumerGroupAsync(Stream, Group, "0-0", createStream: true);
        var doomed = await EnqueueAsync(1);
        var healthy = await EnqueueAsync(2);
        // "died-1" read both calls and died; "died-2" and "died-3" each claimed the first and died too.
        await Database.StreamReadGroupAsync(Stream, Group, "died-1", ">", 10);
        await Database.StreamClaimAsync(Stream, Group, "died-2", 0, [doomed]);
        await Database.StreamClaimAsync(Stream, Group, "died-3", 0, [doomed]);
        Assert.Equal(3, await DeliveriesAsync(doomed));
        Assert.Equal(1, await DeliveriesAsync(healthy));

        var database = new RecordingHandler();
        var options = Options("survivor", maxDeliveries: 3);
        options.ClaimIdleTime = TimeSpan.FromMilliseconds(300);
        await using var worker = Worker(database, options);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.ProcessedCount == 1 && worker.DeadLetteredCount == 1, Patience, () => _log.ToString());

        Assert.Equal([2], database.AppliedIds); // its second delivery: run
        Assert.Equal(0, database.AttemptsOf(1)); // its fourth: dead-lettered
        var dead = Assert.Single(await Database.StreamRangeAsync(_store.WriteBehindDeadLetterStreamKey));
        Assert.Equal(doomed, (string?)dead["source-id"]);
        Assert.StartsWith("Delivered 4 times without completing", (string?)dead["message"], StringComparison.Ordinal);
        Assert.Equal(0, (await Database.StreamPendingAsync(Stream, Group)).PendingMessageCount);
    }

    [Fact]
    public async Task RenewingTheCallsOfASlowBatch_DoesNotCountAsDeliveries()
    {
        // Four calls of 400 ms in one batch; with a 600 ms claim time the worker renews the rest of the batch before
        // each call from the second on. Were renewals counted as deliveries, the calls left when the worker is
        // abandoned during the third would be at 3 or more with the next worker's re-read, past MaxDeliveries = 2.
        for (var i = 1; i <= 4; i++)
        {
            await EnqueueAsync(i);
        }

        var fourth = (string)(await Database.StreamRangeAsync(Stream))[3].Id!;
        var slow = new RecordingHandler { Delay = TimeSpan.FromMilliseconds(400) };
        var options = Options("steady", maxDeliveries: 2);
        options.ClaimIdleTime = TimeSpan.FromMilliseconds(600);
        var sinceStart = Stopwatch.StartNew();
        await using (var first = Worker(slow, options))
        {
            await first.StartAsync(CancellationToken.None);
            await Eventually.TrueAsync(() => slow.Applied.Length >= 2, Patience, () => _log.ToString());

            var pending = Assert.Single(await Database.StreamPendingMessagesAsync(Stream, Group, 1, "steady", fourth, fourth));
            Assert.Equal(1, pending.DeliveryCount);
            // Renewed: idle for much less than the time since the batch was read.
            Assert.True(
                pending.IdleTimeInMilliseconds < sinceStart.ElapsedMilliseconds - 300,
                $"idle {pending.IdleTimeInMilliseconds} ms, {sinceStart.ElapsedMilliseconds} ms since the start");
        }

        var database = new RecordingHandler();
        var nextOptions = Options("steady", maxDeliveries: 2);
        nextOptions.ClaimIdleTime = TimeSpan.FromMilliseconds(600);
        await using var next = Worker(database, nextOptions);
        await next.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(
            () => slow.AppliedIds.Concat(database.AppliedIds).Distinct().Count() == 4, Patience, () => _log.ToString());

        Assert.Contains(4, database.AppliedIds);
        Assert.Equal(0, next.DeadLetteredCount);
        Assert.Equal(0, await Database.StreamLengthAsync(_store.WriteBehindDeadLetterStreamKey));
    }

    private static WriteBehindWorkerOptions Options(string consumer, int maxDeliveries)
    {
        var options = TestCalls.FastOptions(consumer);
        options.MaxDeliveries = maxDeliveries;
        return options;
    }

    private WriteBehindWorker Worker(RecordingHandler database, WriteBehindWorkerOptions options)
        => new(_store, [database.Handler()], options, _log);

    private async Task<string> EnqueueAsync(int orderId, string? note = null)
    {
        Assert.True(await _store.EnqueueWriteBehindAsync(TestCalls.HandlerId, TestCalls.Arguments(orderId, note)));
        return (string)(await Database.StreamRangeAsync(Stream, count: 1, messageOrder: Order.Descending))[0].Id!;
    }

    private async Task<int> DeliveriesAsync(string id)
        => Assert.Single(await Database.StreamPendingMessagesAsync(Stream, Group, 1, RedisValue.Null, id, id)).DeliveryCount;
}
