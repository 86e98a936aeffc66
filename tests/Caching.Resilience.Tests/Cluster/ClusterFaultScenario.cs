using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Resilience.Tests.Cluster;

/// <summary>
/// What the two cluster fault tests share: a 3 primaries + 3 replicas cluster with a short node timeout, one
/// multiplexer, a store whose every failure is logged, the generated repository over a versioned database, a
/// write-behind worker, and <see cref="ClusterLoad"/>'s callers. <see cref="FinishAsync"/> stops the load, lets the
/// worker drain, and asserts the promises; the figures go to the test output.
/// </summary>
internal sealed class ClusterFaultScenario : IAsyncDisposable
{
    public const int NodeTimeoutMs = 1000;
    private const int Items = 240;
    private const int Callers = 16;

    private readonly ITestOutputHelper _output;
    private readonly ConcurrentQueue<string> _serverErrors = new();
    private readonly ConcurrentQueue<(TimeSpan At, string What)> _connectionEvents = new();
    private readonly Dictionary<string, TimeSpan> _marks = new();
    private int _slotsMoved;
    private WriteBehindWorker? _worker;

    private ClusterFaultScenario(ITestOutputHelper output, RedisCluster cluster, ConnectionMultiplexer multiplexer, string prefix, TimeSpan? operationTimeout)
    {
        _output = output;
        Cluster = cluster;
        Multiplexer = multiplexer;
        Log = new ClusterEventLog(() => Clock.Elapsed);
        Store = new RedisCacheStore(multiplexer, new RedisCacheStoreOptions
        {
            KeyPrefix = prefix,
            OperationTimeout = operationTimeout,
            // Every failure logged, not one per 10 s: the log is how the test knows which entries may be stale.
            RepeatedFailureLogInterval = TimeSpan.Zero,
        }, Log);
        Db = new LedgerDb(Items);
        Repository = new LedgerRepository(Store, Db);
        Load = new ClusterLoad(Repository, Db, Callers, Clock);
        multiplexer.ErrorMessage += (_, e) => _serverErrors.Enqueue($"{e.EndPoint}: {e.Message}");
        multiplexer.ConnectionFailed += (_, e) => _connectionEvents.Enqueue((Clock.Elapsed, $"failed {e.EndPoint} {e.ConnectionType} {e.FailureType}"));
        multiplexer.ConnectionRestored += (_, e) => _connectionEvents.Enqueue((Clock.Elapsed, $"restored {e.EndPoint} {e.ConnectionType}"));
        multiplexer.HashSlotMoved += (_, _) => System.Threading.Interlocked.Increment(ref _slotsMoved);
    }

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public RedisCluster Cluster { get; }

    public ConnectionMultiplexer Multiplexer { get; }

    public ClusterEventLog Log { get; }

    public RedisCacheStore Store { get; }

    public LedgerDb Db { get; }

    public LedgerRepository Repository { get; }

    public ClusterLoad Load { get; }

    /// <summary>The hash slot of the write-behind stream, the one key every queued call goes through.</summary>
    public int StreamSlot => Multiplexer.HashSlot(Store.WriteBehindStreamKey);

    /// <summary>
    /// Starts the cluster and everything on it. <paramref name="prefixFits"/> picks the key prefix by the slot of the
    /// write-behind stream it gives (a reshard test wants the stream's slot among those it moves).
    /// </summary>
    public static async Task<ClusterFaultScenario> StartAsync(
        ITestOutputHelper output, Func<int, IReadOnlyList<RedisClusterNode>, bool>? prefixFits = null, TimeSpan? operationTimeout = null)
    {
        var clock = Stopwatch.StartNew();
        var cluster = await RedisCluster.StartAsync(masters: 3, replicasPerMaster: 1, nodeTimeoutMs: NodeTimeoutMs);
        try
        {
            var multiplexer = await cluster.ConnectAsync();
            var nodes = await cluster.NodesAsync();
            string prefix;
            do
            {
                prefix = "cf" + Guid.NewGuid().ToString("N")[..10];
            }
            while (prefixFits is not null && !prefixFits(multiplexer.HashSlot(prefix + ":writebehind"), nodes));

            var scenario = new ClusterFaultScenario(output, cluster, multiplexer, prefix, operationTimeout);
            output.WriteLine($"cluster of 3 primaries + 3 replicas (node timeout {NodeTimeoutMs} ms) ready in {clock.Elapsed.TotalSeconds:F1} s; stream slot {scenario.StreamSlot}; store OperationTimeout {(operationTimeout is { } t ? t.TotalMilliseconds + " ms" : "none (the multiplexer's asyncTimeout, 2000 ms)")}");
            return scenario;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Fills the cache, starts the worker and the callers, and lets them run for <paramref name="baseline"/>.</summary>
    public async Task RunLoadAsync(TimeSpan baseline)
    {
        var all = Enumerable.Range(0, Items).ToArray();
        Assert.Equal(Items, (await Repository.GetItemsAsync(all)).Count);
        _worker = new WriteBehindWorker(Store, Load.Track(LedgerRepository.WriteBehindHandlers(Repository)), new WriteBehindWorkerOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RedisRetryDelay = TimeSpan.FromMilliseconds(200),
            DrainTimeout = TimeSpan.FromSeconds(20),
        }, Log);
        await _worker.StartAsync(default);
        Mark("load started");
        Load.Start();
        await Task.Delay(baseline);
    }

    /// <summary>Notes the time of a step of the scenario, to cut the figures into phases.</summary>
    public TimeSpan Mark(string name)
    {
        var at = Clock.Elapsed;
        _marks[name] = at;
        return at;
    }

    /// <summary>Notes a step that happened at <paramref name="at"/> (measured elsewhere).</summary>
    public void Mark(string name, TimeSpan at) => _marks[name] = at;

    public TimeSpan this[string mark] => _marks[mark];

    /// <summary>
    /// How long after <paramref name="since"/> a plain write to <paramref name="slot"/> through the scenario's
    /// multiplexer first succeeds: the fault's duration as a client sees it.
    /// </summary>
    public async Task<TimeSpan> FirstWriteToSlotAsync(int slot, TimeSpan since, TimeSpan timeout)
    {
        var key = "{" + Store.WriteBehindStreamKey + "}probe";
        Assert.Equal(slot, Multiplexer.HashSlot(key));
        var database = Multiplexer.GetDatabase();
        while (Clock.Elapsed - since < timeout)
        {
            try
            {
                await database.StringSetAsync(key, "p", TimeSpan.FromSeconds(60)).WaitAsync(TimeSpan.FromMilliseconds(500));
                return Clock.Elapsed - since;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                await Task.Delay(20);
            }
        }

        throw new TimeoutException($"No write to slot {slot} succeeded within {timeout}.");
    }

    /// <summary>
    /// Stops the callers, waits for the cluster to be stable, drains the worker, then asserts: no caller saw an
    /// error, no CROSSSLOT anywhere, no wrong value during the load (but those of items whose failed write or
    /// invalidation the log named before the read), every entry fresh once the failed invalidations were replayed
    /// (but <paramref name="mayHaveLostReplication"/> for writes acknowledged by a killed primary just before it
    /// died), and every write-behind call applied at least once.
    /// </summary>
    public async Task FinishAsync(Func<int, bool>? mayHaveLostReplication = null)
    {
        await Load.StopAsync();
        Mark("load stopped");
        await Cluster.WaitUntilOkAsync(TimeSpan.FromSeconds(20));
        var readsBeforeDrain = Db.Reads;
        await _worker!.StopAsync(default);
        Mark("worker drained");

        Report();

        // No error reaches a caller, and no value was wrong while the fault ran.
        Assert.True(Load.Errors.Count == 0, "Caller errors:\n" + string.Join("\n", Load.Errors.Take(20).Select(e => $"{e.At.TotalSeconds:F3}s {e.Operation}: {e.Error}")));
        var excused = Log.ItemsPossiblyStale();
        var replicationLoss = Enumerable.Range(0, Items).Where(id => mayHaveLostReplication?.Invoke(id) == true).ToHashSet();
        var wrong = Load.WrongValues.Where(w => w.Got is null || !w.Got.IsWellFormed(w.Id) || w.Got.Version > Db.Reserved(w.Id)
                                                || (!(excused.TryGetValue(w.Id, out var since) && since <= w.At) && !replicationLoss.Contains(w.Id))).ToArray();
        _output.WriteLine($"wrong values during the load: {Load.WrongValues.Count}, of which {Load.WrongValues.Count - wrong.Length} excused (a failed write or invalidation of the item was logged before the read: stale until its replay, as documented), {wrong.Length} unexplained");
        Assert.True(wrong.Length == 0, $"{wrong.Length} wrong values during the load:\n" + string.Join("\n", wrong.Take(20).Select(w => $"{w.At.TotalSeconds:F3}s item {w.Id} ({w.Read}): expected at least v{w.Expected}, got {w.Got}; writes: {Load.WritesOf(w.Id)}")) + "\n" + Log);

        // No CROSSSLOT, in the log, the callers' exceptions or the server's error replies.
        var everything = Log + string.Join("\n", _serverErrors) + string.Join("\n", Load.Errors.Select(e => e.Error.ToString()));
        Assert.DoesNotContain("CROSSSLOT", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Multi-key operations must involve a single slot", everything, StringComparison.Ordinal);

        // Once the cluster is stable and the invalidations that failed during the fault were replayed, every entry
        // holds the database's value (a read after the acknowledged write); a failure in the log no longer excuses it.
        var replay = Stopwatch.StartNew();
        while (Store.PendingInvalidationCount > 0)
        {
            Assert.True(replay.Elapsed < TimeSpan.FromSeconds(20), $"{Store.PendingInvalidationCount} invalidations still pending 20 s after the fault\n{Log}");
            await Task.Delay(50);
        }

        _output.WriteLine($"failed invalidations replayed within {replay.Elapsed.TotalSeconds:F2} s of the worker draining");
        var stale = new List<string>();
        var staleExcused = 0;
        for (var id = 0; id < Items; id++)
        {
            var got = await Repository.GetItemAsync(id);
            if (got != Db.Current(id))
            {
                if (replicationLoss.Contains(id))
                {
                    staleExcused++;
                }
                else
                {
                    stale.Add($"item {id}: cached {got}, database {Db.Current(id)}, last write at {Load.LastWriteAt(id).TotalSeconds:F3}s");
                }
            }
        }

        _output.WriteLine($"final read of {Items} items: {stale.Count} stale unexplained, {staleExcused} stale excused ({replicationLoss.Count} written just before the kill; {excused.Count} items named by a failure in the log, replayed since); {Db.Reads - readsBeforeDrain} core reads for it");
        Assert.True(stale.Count == 0, string.Join("\n", stale) + "\n" + Log);

        // No write-behind call lost: each queued call reached the database at least once; the stream is empty and
        // nothing was dead-lettered.
        var queued = Load.QueuedLater;
        var lost = queued.Where(q => !Db.AppliedLater.ContainsKey((q.Id, q.Version))).ToArray();
        var duplicates = Db.AppliedLater.Values.Count(n => n > 1);
        _output.WriteLine($"write-behind: {queued.Count} calls queued, {Db.AppliedLater.Count} applied ({duplicates} more than once), {lost.Length} lost; worker processed {_worker.ProcessedCount}, dead-lettered {_worker.DeadLetteredCount}, failed attempts {_worker.FailedAttemptCount}");
        Assert.True(lost.Length == 0, $"{lost.Length} write-behind calls lost: " + string.Join(", ", lost.Take(20)) + "\n" + Log);
        Assert.Equal(0, _worker.DeadLetteredCount);
        var database = Multiplexer.GetDatabase();
        Assert.Equal(0, await database.StreamLengthAsync(Store.WriteBehindStreamKey));
        Assert.Equal(0, await database.StreamLengthAsync(Store.WriteBehindDeadLetterStreamKey));
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        await Multiplexer.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    private void Report()
    {
        foreach (var (name, at) in _marks.OrderBy(m => m.Value))
        {
            _output.WriteLine($"{at.TotalSeconds,8:F3}s {name}");
        }

        var started = this["load started"];
        var stopped = this["load stopped"];
        var calls = Load.Latencies;
        _output.WriteLine($"callers {Callers}: {calls.Count} calls in {(stopped - started).TotalSeconds:F1} s ({calls.Count / (stopped - started).TotalSeconds:F0}/s); " + string.Join(", ", Load.Calls.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        var marks = _marks.Where(m => m.Value >= started && m.Value <= stopped).OrderBy(m => m.Value).ToArray();
        for (var i = 0; i + 1 < marks.Length; i++)
        {
            var (from, to) = (marks[i].Value, marks[i + 1].Value);
            var phase = calls.Where(c => c.At >= from && c.At < to).Select(c => c.Milliseconds).OrderBy(m => m).ToArray();
            if (phase.Length == 0 || to - from < TimeSpan.FromMilliseconds(100))
            {
                continue;
            }

            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {marks[i].Key} -> {marks[i + 1].Key} ({(to - from).TotalSeconds:F2} s): {phase.Length / (to - from).TotalSeconds:F0} calls/s, p50 {phase[phase.Length / 2]:F1} ms, p99 {phase[(int)(phase.Length * 0.99)]:F1} ms, max {phase[^1]:F0} ms"));
        }

        _output.WriteLine($"core calls: {Db.Reads} single reads, {Db.BatchReads} batch reads, {Db.Writes} writes");
        _output.WriteLine($"caller errors {Load.Errors.Count}; wrong values during load {Load.WrongValues.Count}; reads older than a pending write-behind call {Load.ReadsBelowPendingWriteBehind}; HashSlotMoved events {_slotsMoved}");
        _output.WriteLine("log events: " + string.Join(", ", Log.CountsByEvent.Select(e => $"{e.Key} {e.Value}")));
        foreach (var line in Log.Entries.Where(e => e.Text.StartsWith("Warning", StringComparison.Ordinal) || e.Text.StartsWith("Error", StringComparison.Ordinal))
                     .GroupBy(e => e.Id.Name + " " + (e.Text.IndexOf(" for ", StringComparison.Ordinal) is var at and > 0 ? e.Text[(e.Text.LastIndexOf(':') is var c and > 0 ? Math.Max(0, c - 40) : 0)..] : e.Text))
                     .Take(12))
        {
            _output.WriteLine($"  e.g. x{line.Count()} at {line.First().At.TotalSeconds:F3}s {line.First().Text}");
        }

        _output.WriteLine("server error replies: " + string.Join(" | ", _serverErrors.GroupBy(e => e.Length > 60 ? e[..60] : e).Select(g => $"{g.Key} x{g.Count()}")));
        _output.WriteLine("connection events: " + string.Join(" | ", _connectionEvents.Select(e => $"{e.At.TotalSeconds:F3}s {e.What}")));
    }

    /// <summary>Core reads so far (single and batch), to count those a fault caused.</summary>
    public long CoreReads => Db.Reads + Db.BatchReads;
}
