using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>
/// The write-behind promise under a crash, end to end through generated code: a producer process queues calls with
/// its generated [WriteBehind] method; a worker process (the generated dispatch table) is killed with SIGKILL while calls are queued and in
/// flight, a new one starts under another name, and every queued call reaches the database (an append-only file
/// the child fsyncs per call). At-least-once: none lost, duplicates allowed and reported. Its own Redis, so the
/// numbers are this test's alone.
/// </summary>
public sealed class WriteBehindCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Queued = 300;
    private static readonly TimeSpan CoreDuration = TimeSpan.FromMilliseconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("caching-writebehind-crash-").FullName;
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    private string DatabaseFile => Path.Combine(_directory, "orders.db");

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _multiplexer = await _server.ConnectAsync();
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

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task KilledWorker_LosesNoQueuedCall_TheNextWorkerRunsThemAll()
    {
        var store = new RedisCacheStore(_multiplexer!, new RedisCacheStoreOptions { KeyPrefix = "crash" });
        var redis = _multiplexer!.GetDatabase();
        // The calls are queued by the app's generated [WriteBehind] method, in a producer process of their own.
        var produced = await WorkerAppProcess.ProduceAsync(_server!.Port, "crash", Queued);
        Assert.Contains("produced " + Queued, produced, StringComparison.Ordinal);
        Assert.Equal(Queued, await redis.StreamLengthAsync(store.WriteBehindStreamKey));

        // The first worker runs part of the queue and is killed mid-way.
        int appliedAtKill;
        long pendingOfKilled, queuedAtKill;
        using (var first = await StartWorkerAsync("worker-a", claimIdle: TimeSpan.FromSeconds(30)))
        {
            await Eventually.TrueAsync(() => ReadDatabase().Count >= 100, TimeSpan.FromSeconds(30), () => first.Output);
            await first.KillAsync();
            appliedAtKill = ReadDatabase().Distinct().Count();
            queuedAtKill = await redis.StreamLengthAsync(store.WriteBehindStreamKey);
            pendingOfKilled = (await redis.StreamPendingAsync(store.WriteBehindStreamKey, "caching-writebehind")).Consumers
                .Where(c => c.Name == "worker-a").Sum(c => (long)c.PendingMessageCount);
        }

        Assert.True(appliedAtKill < Queued, $"the kill came too late: all {Queued} calls had run");
        Assert.True(queuedAtKill > 0, "no call was left in the stream when the worker was killed");

        // A second worker, under another name, takes over: new calls at once, the killed one's pending calls once idle.
        using (var second = await StartWorkerAsync("worker-b", claimIdle: TimeSpan.FromMilliseconds(500)))
        {
            await Eventually.TrueAsync(() => ReadDatabase().Distinct().Count() == Queued, TimeSpan.FromSeconds(90), () => second.Output);
            await Eventually.TrueAsync(
                async () => await redis.StreamLengthAsync(store.WriteBehindStreamKey) == 0
                            && (await redis.StreamPendingAsync(store.WriteBehindStreamKey, "caching-writebehind")).PendingMessageCount == 0,
                TimeSpan.FromSeconds(30), () => second.Output);
            Assert.Equal(0, await second.StopAsync());
        }

        var applied = ReadDatabase();
        var lost = Enumerable.Range(0, Queued).Except(applied).ToArray();
        var duplicates = applied.Count - applied.Distinct().Count();
        output.WriteLine($"write-behind crash test: queued={Queued} applied={applied.Distinct().Count()} lost={lost.Length} duplicates={duplicates}");
        output.WriteLine($"  at the kill: {appliedAtKill} applied, {queuedAtKill} still in the stream, {pendingOfKilled} delivered to the killed worker and unacknowledged");
        output.WriteLine($"  database lines: {applied.Count}");

        Assert.Empty(lost);
        Assert.DoesNotContain(applied, id => id is < 0 or >= Queued); // nothing invented
        Assert.Equal(0, await redis.StreamLengthAsync(store.WriteBehindStreamKey));
        Assert.Equal(0, await redis.StreamLengthAsync(store.KeyPrefix + "writebehind:dead"));
    }

    private Task<WorkerAppProcess> StartWorkerAsync(string consumer, TimeSpan claimIdle)
        => WorkerAppProcess.StartAsync(_server!.Port, "crash", DatabaseFile, consumer, claimIdle, CoreDuration);

    // The order ids of the complete lines; a line cut short by the kill would not end with a newline.
    private List<int> ReadDatabase()
    {
        if (!File.Exists(DatabaseFile))
        {
            return [];
        }

        using var stream = new FileStream(DatabaseFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var text = reader.ReadToEnd();
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
    }
}
