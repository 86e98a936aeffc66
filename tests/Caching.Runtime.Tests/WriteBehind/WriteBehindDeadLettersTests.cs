using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>
/// The operator's side of the dead-letter stream: dead letters are listed with their call and why it failed, and
/// replaying one queues its call again as first queued, for a worker to run once the cause is fixed.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class WriteBehindDeadLettersTests(RedisServerFixture redis)
{
    private const string RemovedHandler = "Tests.Removed.OldMethodAsync";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly RedisCacheStore _store = TestCalls.NewStore(redis.Multiplexer);
    private readonly WorkerLogger _log = new();

    private IDatabase Database => redis.Database;

    [Fact]
    public async Task List_ShowsEachDeadLetter_WithItsCallAndWhyItFailed_PageByPage()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var failing = await EnqueueAsync(TestCalls.HandlerId, 7, "bad data");
        var unknown = await EnqueueAsync(RemovedHandler, 8);
        await RunWorkerUntilDeadLetteredAsync(2, new RecordingHandler { FailWhen = static (_, _) => new InvalidOperationException("constraint violated") });
        var deadLetters = new WriteBehindDeadLetters(_store);

        Assert.Equal(2, await deadLetters.CountAsync());
        var first = Assert.Single(await deadLetters.ListAsync(1));
        Assert.Equal(TestCalls.HandlerId, first.HandlerId);
        Assert.Equal((7, "bad data"), TestCalls.Read(first.Arguments));
        Assert.Equal(failing, first.SourceId);
        Assert.Equal("System.InvalidOperationException", first.Error);
        Assert.Equal("constraint violated", first.Message);
        Assert.Equal(2, first.Attempts);
        Assert.Equal("dead-letter-maker", first.Consumer);
        Assert.InRange(first.EnqueuedAt!.Value, before, DateTimeOffset.UtcNow);
        Assert.InRange(first.DeadLetteredAt!.Value, first.EnqueuedAt.Value, DateTimeOffset.UtcNow);

        var second = Assert.Single(await deadLetters.ListAsync(10, after: first.Id));
        Assert.Equal(RemovedHandler, second.HandlerId);
        Assert.Equal(unknown, second.SourceId);
        Assert.Equal("UnknownHandler", second.Error);
        Assert.Equal(0, second.Attempts);
        Assert.Empty(await deadLetters.ListAsync(10, after: second.Id));
        Assert.Equal([first.Id, second.Id], (await deadLetters.ListAsync()).Select(d => d.Id));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => deadLetters.ListAsync(0));
    }

    [Fact]
    public async Task Replay_QueuesTheCallAgain_AsFirstQueued_ThenDeletesTheDeadLetter()
    {
        var original = await EnqueueAsync(TestCalls.HandlerId, 5, "retry later");
        var originalFields = (await Database.StreamRangeAsync(_store.WriteBehindStreamKey)).Single().Values;
        await RunWorkerUntilDeadLetteredAsync(1, new RecordingHandler { FailWhen = static (_, _) => new TimeoutException("database down") });
        var deadLetters = new WriteBehindDeadLetters(_store);
        var id = (await deadLetters.ListAsync()).Single().Id;

        Assert.True(await deadLetters.ReplayAsync(id));

        var queued = Assert.Single(await Database.StreamRangeAsync(_store.WriteBehindStreamKey));
        Assert.NotEqual(original, (string?)queued.Id); // a new entry: new to the group, with a fresh delivery count
        Assert.Equal(originalFields.Select(f => ((string?)f.Name, (byte[]?)f.Value)), queued.Values.Select(f => ((string?)f.Name, (byte[]?)f.Value)));
        Assert.Equal(0, await deadLetters.CountAsync());
        Assert.False(await deadLetters.ReplayAsync(id)); // gone: replayed once only
    }

    [Fact]
    public async Task ReplayedCall_IsRunByTheWorker_OnceTheCauseIsFixed()
    {
        var broken = 1;
        var database = new RecordingHandler { FailWhen = (_, _) => Volatile.Read(ref broken) == 1 ? new InvalidOperationException("bug") : null };
        var options = TestCalls.FastOptions();
        options.MaxAttempts = 1;
        await using var worker = new WriteBehindWorker(_store, [database.Handler()], options, _log);
        await worker.StartAsync(CancellationToken.None);
        await EnqueueAsync(TestCalls.HandlerId, 3, "after the fix");
        await Eventually.TrueAsync(() => worker.DeadLetteredCount == 1, Patience, () => _log.ToString());

        Volatile.Write(ref broken, 0); // the fix is deployed
        var deadLetters = new WriteBehindDeadLetters(_store);
        Assert.Equal(1, await deadLetters.ReplayAllAsync());
        await Eventually.TrueAsync(() => worker.ProcessedCount == 1, Patience, () => _log.ToString());

        Assert.Equal([(3, "after the fix")], database.Applied);
        Assert.Equal(0, await deadLetters.CountAsync());
        Assert.Equal(0, await Database.StreamLengthAsync(_store.WriteBehindStreamKey));
    }

    [Fact]
    public async Task ReplayAll_ForOneHandler_LeavesTheOthers_AndPagesThroughMany()
    {
        // 130 dead letters: more than one page of 100.
        for (var i = 0; i < 130; i++)
        {
            await EnqueueAsync(i % 4 == 0 ? TestCalls.HandlerId : RemovedHandler, i);
        }

        await RunWorkerUntilDeadLetteredAsync(130, new RecordingHandler { FailWhen = static (_, _) => new InvalidOperationException("no") });
        var deadLetters = new WriteBehindDeadLetters(_store);

        Assert.Equal(33, await deadLetters.ReplayAllAsync(TestCalls.HandlerId));
        var queued = await Database.StreamRangeAsync(_store.WriteBehindStreamKey);
        Assert.Equal(Enumerable.Range(0, 130).Where(i => i % 4 == 0), queued.Select(e => TestCalls.Read((byte[])e["args"]!).OrderId));
        Assert.Equal(97, await deadLetters.CountAsync());
        Assert.All(await deadLetters.ListAsync(200), d => Assert.Equal(RemovedHandler, d.HandlerId));

        Assert.Equal(97, await deadLetters.ReplayAllAsync());
        Assert.Equal(0, await deadLetters.CountAsync());
        Assert.Equal(130, await Database.StreamLengthAsync(_store.WriteBehindStreamKey));
        Assert.Equal(0, await deadLetters.ReplayAllAsync()); // nothing left
    }

    [Fact]
    public async Task Delete_GivesUpADeadLetter_WithoutQueuingItsCall()
    {
        await EnqueueAsync(RemovedHandler, 1);
        await RunWorkerUntilDeadLetteredAsync(1, new RecordingHandler());
        var deadLetters = new WriteBehindDeadLetters(_store);
        var id = (await deadLetters.ListAsync()).Single().Id;

        Assert.True(await deadLetters.DeleteAsync(id));
        Assert.False(await deadLetters.DeleteAsync(id));
        Assert.Equal(0, await deadLetters.CountAsync());
        Assert.Equal(0, await Database.StreamLengthAsync(_store.WriteBehindStreamKey));
    }

    // Runs a worker until it dead-lettered that many calls, and stops it, so replayed calls stay queued.
    private async Task RunWorkerUntilDeadLetteredAsync(int count, RecordingHandler database)
    {
        var options = TestCalls.FastOptions("dead-letter-maker");
        options.MaxAttempts = 2;
        await using var worker = new WriteBehindWorker(_store, [database.Handler()], options, _log);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.DeadLetteredCount == count, Patience, () => _log.ToString());
        await worker.StopAsync(CancellationToken.None);
    }

    // Queues a call and returns its stream id, or null when a running worker already took and deleted it (only the
    // tests that queue before starting a worker use the id).
    private async Task<string?> EnqueueAsync(string handlerId, int orderId, string? note = null)
    {
        Assert.True(await _store.EnqueueWriteBehindAsync(handlerId, TestCalls.Arguments(orderId, note)));
        var newest = await Database.StreamRangeAsync(_store.WriteBehindStreamKey, count: 1, messageOrder: Order.Descending);
        return newest.Length == 0 ? null : (string?)newest[0].Id;
    }
}
