using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>
/// On a 3-master cluster: the stream is one key (one slot), the acknowledge-and-delete script touches only it, and
/// the dead-letter stream may live on another master, which replaying dead letters spans; none of it may fail with
/// CROSSSLOT.
/// </summary>
[Collection(RedisCollections.Cluster)]
public sealed class WriteBehindClusterTests(RedisClusterFixture cluster)
{
    [Fact]
    public async Task Calls_RunAndDeadLetter_OnACluster()
    {
        var store = TestCalls.NewStore(cluster.Multiplexer);
        var database = new RecordingHandler { FailWhen = static (orderId, _) => orderId == 3 ? new InvalidOperationException("no") : null };
        var options = TestCalls.FastOptions();
        options.MaxAttempts = 2;
        var log = new WorkerLogger();
        for (var i = 1; i <= 5; i++)
        {
            Assert.True(await store.EnqueueWriteBehindAsync(TestCalls.HandlerId, TestCalls.Arguments(i)));
        }

        await using var worker = new WriteBehindWorker(store, [database.Handler()], options, log);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => worker.ProcessedCount == 4 && worker.DeadLetteredCount == 1, TimeSpan.FromSeconds(15), () => log.ToString());

        var redis = cluster.Multiplexer.GetDatabase();
        Assert.Equal([1, 2, 4, 5], database.AppliedIds);
        Assert.Equal(0, await redis.StreamLengthAsync(store.WriteBehindStreamKey));
        var dead = Assert.Single(await redis.StreamRangeAsync(worker.DeadLetterStreamKey));
        Assert.Equal(3, TestCalls.Read((byte[])dead["args"]!).OrderId);
        Assert.DoesNotContain("LoopFailed", log.EventNames);
    }

    [Fact]
    public async Task DeadLetters_AreReplayed_OnACluster()
    {
        // The dead-letter stream and the stream are two keys, likely on two masters: replay queues, then deletes.
        var store = TestCalls.NewStore(cluster.Multiplexer);
        var database = new RecordingHandler { FailWhen = static (_, attempt) => attempt == 1 ? new InvalidOperationException("first time") : null };
        var options = TestCalls.FastOptions();
        options.MaxAttempts = 1;
        var log = new WorkerLogger();
        await using var worker = new WriteBehindWorker(store, [database.Handler()], options, log);
        await worker.StartAsync(CancellationToken.None);
        Assert.True(await store.EnqueueWriteBehindAsync(TestCalls.HandlerId, TestCalls.Arguments(11, "replayed")));
        await Eventually.TrueAsync(() => worker.DeadLetteredCount == 1, TimeSpan.FromSeconds(15), () => log.ToString());

        var deadLetters = new WriteBehindDeadLetters(store);
        Assert.Equal(11, TestCalls.Read(Assert.Single(await deadLetters.ListAsync()).Arguments).OrderId);
        Assert.Equal(1, await deadLetters.ReplayAllAsync());
        await Eventually.TrueAsync(() => worker.ProcessedCount == 1, TimeSpan.FromSeconds(15), () => log.ToString());

        Assert.Equal([(11, "replayed")], database.Applied);
        Assert.Equal(0, await deadLetters.CountAsync());
        Assert.DoesNotContain("LoopFailed", log.EventNames);
    }
}
