using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>
/// The worker against a real redis-server: calls run, are acknowledged and deleted; failures are retried with
/// backoff and end in the dead-letter stream; own and abandoned pending calls are picked up; shutdown drains.
/// Each test has its own key prefix, so its own stream.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class WriteBehindWorkerTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly RedisCacheStore _store = TestCalls.NewStore(redis.Multiplexer);
    private readonly WorkerLogger _log = new();

    private IDatabase Database => redis.Database;

    [Fact]
    public async Task QueuedCall_RunsItsHandler_ThenIsAcknowledgedAndDeleted()
    {
        var database = new RecordingHandler();
        await EnqueueAsync(1, "first");
        await EnqueueAsync(2, null);
        await EnqueueAsync(3, "third");

        await using var worker = Worker(database, TestCalls.FastOptions());
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.ProcessedCount == 3, Patience, () => _log.ToString());

        Assert.Equal([(1, "first"), (2, null), (3, "third")], database.Applied); // in queue order, arguments intact
        Assert.Equal(0, await Database.StreamLengthAsync(_store.WriteBehindStreamKey));
        Assert.Equal(0, (await Database.StreamPendingAsync(_store.WriteBehindStreamKey, worker.ConsumerGroup)).PendingMessageCount);
        Assert.Equal(0, worker.DeadLetteredCount);
    }

    [Fact]
    public async Task FailingCall_IsRetriedWithGrowingBackoff_ThenSucceeds()
    {
        var database = new RecordingHandler { FailWhen = static (_, attempt) => attempt <= 2 ? new TimeoutException("database busy") : null };
        var options = TestCalls.FastOptions();
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
        options.RetryMaxDelay = TimeSpan.FromSeconds(1);
        await EnqueueAsync(7, "retry me");

        await using var worker = Worker(database, options);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.ProcessedCount == 1, Patience, () => _log.ToString());

        Assert.Equal(3, database.AttemptsOf(7));
        Assert.Equal([7], database.AppliedIds);
        Assert.Equal(2, worker.FailedAttemptCount);
        Assert.Equal(2, _log.Count("AttemptFailed"));
        // Equal jitter keeps at least half of each delay: 100 ms then 200 ms before jitter. Task.Delay runs on the
        // timer's coarse clock, which can fire a few milliseconds before the Stopwatch that measures the gap says the
        // delay is over (CI once saw 49.67 ms for a delay of at least 50 ms): allow that much.
        var gaps = database.GapsBetweenAttempts(7);
        var timerSlack = TimeSpan.FromMilliseconds(5);
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(50) - timerSlack, $"first gap {gaps[0]}");
        Assert.True(gaps[1] >= TimeSpan.FromMilliseconds(100) - timerSlack, $"second gap {gaps[1]}");
        Assert.Equal(0, await Database.StreamLengthAsync(_store.WriteBehindStreamKey));
    }

    [Fact]
    public async Task CallThatKeepsFailing_MovesToTheDeadLetterStream_WithItsArgumentsAndError()
    {
        var database = new RecordingHandler { FailWhen = static (_, _) => new InvalidOperationException("the database says no") };
        var options = TestCalls.FastOptions("dead-letter-test");
        options.MaxAttempts = 3;
        var arguments = TestCalls.Arguments(9, "doomed");
        var queuedId = await EnqueueRawAsync(TestCalls.HandlerId, arguments);

        await using var worker = Worker(database, options);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.DeadLetteredCount == 1, Patience, () => _log.ToString());

        Assert.Equal(3, database.AttemptsOf(9));
        Assert.Empty(database.Applied);
        var dead = Assert.Single(await Database.StreamRangeAsync(worker.DeadLetterStreamKey));
        Assert.Equal(TestCalls.HandlerId, (string?)dead["handler"]);
        Assert.Equal(arguments.ToArray(), (byte[]?)dead["args"]);
        Assert.Equal(queuedId, (string?)dead["source-id"]);
        Assert.Equal("System.InvalidOperationException", (string?)dead["error"]);
        Assert.Equal("the database says no", (string?)dead["message"]);
        Assert.Equal(3, (int)dead["attempts"]);
        Assert.Equal("dead-letter-test", (string?)dead["consumer"]);
        Assert.False(dead["enqueued"].IsNull);
        Assert.Equal(0, await Database.StreamLengthAsync(_store.WriteBehindStreamKey));
        Assert.Equal(0, (await Database.StreamPendingAsync(_store.WriteBehindStreamKey, worker.ConsumerGroup)).PendingMessageCount);
        Assert.Contains("DeadLettered", _log.EventNames);
    }

    [Fact]
    public async Task CallForAnUnknownHandler_IsDeadLetteredAtOnce_AndTheWorkerGoesOn()
    {
        var database = new RecordingHandler();
        await EnqueueRawAsync("Tests.Removed.OldMethodAsync", TestCalls.Arguments(1));
        await EnqueueAsync(2, "after");

        await using var worker = Worker(database, TestCalls.FastOptions());
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.ProcessedCount == 1 && worker.DeadLetteredCount == 1, Patience, () => _log.ToString());

        var dead = Assert.Single(await Database.StreamRangeAsync(worker.DeadLetterStreamKey));
        Assert.Equal("Tests.Removed.OldMethodAsync", (string?)dead["handler"]);
        Assert.Equal("UnknownHandler", (string?)dead["error"]);
        Assert.Contains("Tests.Removed.OldMethodAsync", (string?)dead["message"]);
        Assert.Equal(0, (int)dead["attempts"]);
        Assert.Equal([2], database.AppliedIds);
        Assert.Equal(0, worker.FailedAttemptCount); // never retried: no attempt can succeed
    }

    [Fact]
    public async Task OwnPendingCalls_RunFirst_WhenAWorkerRestartsUnderItsName()
    {
        // A worker named "stable-1" read two calls and died before acknowledging them.
        await EnsureGroupAsync();
        await EnqueueAsync(1);
        await EnqueueAsync(2);
        Assert.Equal(2, (await Database.StreamReadGroupAsync(_store.WriteBehindStreamKey, "caching-writebehind", "stable-1", ">", 10)).Length);

        var database = new RecordingHandler();
        var options = TestCalls.FastOptions("stable-1");
        options.ClaimIdleTime = TimeSpan.FromHours(1); // so claiming cannot be what finds them
        await using var worker = Worker(database, options);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.ProcessedCount == 2, Patience, () => _log.ToString());

        Assert.Equal([1, 2], database.AppliedIds);
        Assert.Equal(0, (await Database.StreamPendingAsync(_store.WriteBehindStreamKey, "caching-writebehind")).PendingMessageCount);
    }

    [Fact]
    public async Task PendingCallsOfADeadWorker_AreClaimedOnceIdleLongEnough()
    {
        await EnsureGroupAsync();
        await EnqueueAsync(1);
        await EnqueueAsync(2);
        await Database.StreamReadGroupAsync(_store.WriteBehindStreamKey, "caching-writebehind", "dead-worker", ">", 10);

        var database = new RecordingHandler();
        var options = TestCalls.FastOptions("survivor");
        options.ClaimIdleTime = TimeSpan.FromMilliseconds(300);
        await using var worker = Worker(database, options);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.ProcessedCount == 2, Patience, () => _log.ToString());

        Assert.Equal([1, 2], database.AppliedIds.Order());
        Assert.Contains("Claimed", _log.EventNames);
        Assert.Equal(0, (await Database.StreamPendingAsync(_store.WriteBehindStreamKey, "caching-writebehind")).PendingMessageCount);
    }

    [Fact]
    public async Task PendingCallsOfAnotherWorker_AreLeftAlone_WhileNotIdleLongEnough()
    {
        await EnsureGroupAsync();
        await EnqueueAsync(1);
        await Database.StreamReadGroupAsync(_store.WriteBehindStreamKey, "caching-writebehind", "busy-worker", ">", 10);

        var database = new RecordingHandler();
        var options = TestCalls.FastOptions("bystander");
        options.ClaimIdleTime = TimeSpan.FromSeconds(30);
        await using var worker = Worker(database, options);
        await worker.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Empty(database.Applied);
        var pending = await Database.StreamPendingAsync(_store.WriteBehindStreamKey, "caching-writebehind");
        Assert.Equal("busy-worker", (string?)Assert.Single(pending.Consumers).Name);
    }

    [Fact]
    public async Task SlowBatch_KeepsItsCallsFromBeingClaimed_ByRenewingThem()
    {
        // One batch of 16 calls of 200 ms takes 3.2 s. Without renewal its tail would sit idle past the 1.5 s claim
        // time and the second worker (scanning every 0.75 s) would claim and run it too. Renewing every 0.75 s keeps
        // every call's idle time under about 1 s.
        await EnsureGroupAsync();
        for (var i = 1; i <= 16; i++)
        {
            await EnqueueAsync(i);
        }

        var database = new RecordingHandler { Delay = TimeSpan.FromMilliseconds(200) };
        var slowOptions = TestCalls.FastOptions("slow");
        slowOptions.ClaimIdleTime = TimeSpan.FromSeconds(1.5);
        await using var slow = Worker(database, slowOptions);
        await slow.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(
            async () => (await Database.StreamPendingAsync(_store.WriteBehindStreamKey, "caching-writebehind")).PendingMessageCount == 16,
            Patience, () => _log.ToString());

        var otherOptions = TestCalls.FastOptions("other");
        otherOptions.ClaimIdleTime = TimeSpan.FromSeconds(1.5);
        await using var other = Worker(database, otherOptions);
        await other.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => slow.ProcessedCount + other.ProcessedCount == 16, Patience, () => _log.ToString());

        Assert.Equal(Enumerable.Range(1, 16), database.AppliedIds.Order());
        Assert.Equal(0, other.ProcessedCount);
    }

    [Fact]
    public async Task StopAsync_RunsEveryQueuedCall_BeforeItReturns()
    {
        const int calls = 40;
        for (var i = 0; i < calls; i++)
        {
            await EnqueueAsync(i);
        }

        var database = new RecordingHandler { Delay = TimeSpan.FromMilliseconds(15) };
        var worker = Worker(database, TestCalls.FastOptions());
        await using (worker)
        {
            await worker.StartAsync(CancellationToken.None);
            var appliedWhenStopping = database.Applied.Length;
            await worker.StopAsync(CancellationToken.None);

            Assert.True(appliedWhenStopping < calls, "the test must stop the worker before it is done");
            Assert.Equal(Enumerable.Range(0, calls), database.AppliedIds);
            Assert.Equal(0, await Database.StreamLengthAsync(_store.WriteBehindStreamKey));
            Assert.Contains("Draining", _log.EventNames);
            Assert.DoesNotContain("DrainIncomplete", _log.EventNames);
        }
    }

    [Fact]
    public async Task StopAsync_WhenTheDrainTimesOut_LeavesTheUnfinishedCallPending_ForTheNextWorker()
    {
        await EnqueueAsync(5);
        var hanging = new RecordingHandler { Hang = true };
        var options = TestCalls.FastOptions("restartable");
        options.DrainTimeout = TimeSpan.FromMilliseconds(300);
        await using (var worker = Worker(hanging, options))
        {
            await worker.StartAsync(CancellationToken.None);
            await Eventually.TrueAsync(() => hanging.AttemptsOf(5) == 1, Patience, () => _log.ToString());
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await worker.StopAsync(CancellationToken.None);

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"StopAsync took {clock.Elapsed}");
            Assert.Equal(1, hanging.Cancelled);
            Assert.Contains("DrainIncomplete", _log.EventNames);
            Assert.Equal(0, worker.FailedAttemptCount); // being stopped is not a failure of the call
        }

        Assert.Equal(1, await Database.StreamLengthAsync(_store.WriteBehindStreamKey));
        Assert.Equal(1, (await Database.StreamPendingAsync(_store.WriteBehindStreamKey, "caching-writebehind")).PendingMessageCount);

        var database = new RecordingHandler();
        await using var next = Worker(database, TestCalls.FastOptions("restartable"));
        await next.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => next.ProcessedCount == 1, Patience, () => _log.ToString());
        Assert.Equal([5], database.AppliedIds);
    }

    [Fact]
    public async Task StopAsync_WhenItsTokenFires_StopsWithoutWaitingForTheDrainTimeout()
    {
        await EnqueueAsync(6);
        var hanging = new RecordingHandler { Hang = true };
        var options = TestCalls.FastOptions();
        options.DrainTimeout = TimeSpan.FromMinutes(5);
        await using var worker = Worker(hanging, options);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => hanging.AttemptsOf(6) == 1, Patience, () => _log.ToString());

        using var hostGivesUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await worker.StopAsync(hostGivesUp.Token);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"StopAsync took {clock.Elapsed}");
        Assert.Equal(1, await Database.StreamLengthAsync(_store.WriteBehindStreamKey));
    }

    [Fact]
    public async Task CallsQueuedBeforeAnyWorkerExisted_AreRun_AndTheWorkerKeepsPolling()
    {
        await EnqueueAsync(1); // the stream exists, the group does not yet: it must start from the first entry
        var database = new RecordingHandler();
        await using var worker = Worker(database, TestCalls.FastOptions());
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.ProcessedCount == 1, Patience, () => _log.ToString());

        await Task.Delay(100); // idle polls in between
        await EnqueueAsync(2);
        await Eventually.TrueAsync(() => worker.ProcessedCount == 2, Patience, () => _log.ToString());
        Assert.Equal([1, 2], database.AppliedIds);
    }

    private WriteBehindWorker Worker(RecordingHandler database, WriteBehindWorkerOptions options)
        => new(_store, [database.Handler()], options, _log);

    private async Task EnqueueAsync(int orderId, string? note = null)
        => Assert.True(await _store.EnqueueWriteBehindAsync(TestCalls.HandlerId, TestCalls.Arguments(orderId, note)));

    private async Task<string> EnqueueRawAsync(string handlerId, ReadOnlyMemory<byte> arguments)
    {
        Assert.True(await _store.EnqueueWriteBehindAsync(handlerId, arguments));
        return (string)(await Database.StreamRangeAsync(_store.WriteBehindStreamKey, count: 1, messageOrder: Order.Descending))[0].Id!;
    }

    private Task<bool> EnsureGroupAsync()
        => Database.StreamCreateConsumerGroupAsync(_store.WriteBehindStreamKey, "caching-writebehind", "0-0", createStream: true);
}
