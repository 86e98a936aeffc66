using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.Cluster;

/// <summary>
/// A steady load of callers through the generated repository while a fault runs. Each caller owns the items whose
/// id modulo the caller count is its number: only it writes them, one write at a time, so the last version it saw
/// acknowledged is what any later read must return at least (reads go to every item). Every call is timed, every
/// exception kept, every value checked.
/// </summary>
internal sealed class ClusterLoad
{
    private readonly LedgerRepository _repository;
    private readonly LedgerDb _db;
    private readonly int _callers;
    private readonly Stopwatch _clock;
    private readonly int[] _acknowledged;
    private readonly int[] _queuedLaterVersion;
    private long _readsBelowPendingWriteBehind;
    private readonly TimeSpan[] _acknowledgedAt;
    private readonly ConcurrentQueue<(TimeSpan At, string Operation, Exception Error)> _errors = new();
    private readonly ConcurrentQueue<(TimeSpan At, int Id, int Expected, LedgerItem? Got, string Read)> _wrongValues = new();
    private readonly ConcurrentQueue<(int Id, string Operation, int Version, TimeSpan Started, TimeSpan Acknowledged)> _writes = new();
    private readonly ConcurrentQueue<(TimeSpan At, double Milliseconds)> _latencies = new();
    private readonly ConcurrentQueue<LedgerItem> _queuedLater = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private CancellationTokenSource? _stop;
    private Task? _running;

    public ClusterLoad(LedgerRepository repository, LedgerDb db, int callers, Stopwatch clock)
    {
        _repository = repository;
        _db = db;
        _callers = callers;
        _clock = clock;
        _acknowledged = Enumerable.Repeat(1, db.Count).ToArray();
        _queuedLaterVersion = new int[db.Count];
        _acknowledgedAt = new TimeSpan[db.Count];
    }

    public IReadOnlyList<(TimeSpan At, string Operation, Exception Error)> Errors => _errors.ToArray();

    /// <summary>Reads that returned a value that is not real, or older than a write acknowledged before the read began.</summary>
    public IReadOnlyList<(TimeSpan At, int Id, int Expected, LedgerItem? Got, string Read)> WrongValues => _wrongValues.ToArray();

    /// <summary>The acknowledged writes of <paramref name="id"/>, oldest first, to explain a wrong value.</summary>
    public string WritesOf(int id)
        => string.Join("; ", _writes.Where(w => w.Id == id).Select(w => $"{w.Operation} v{w.Version} {w.Started.TotalSeconds:F3}-{w.Acknowledged.TotalSeconds:F3}s"));

    /// <summary>
    /// Reads that returned the database's value, older than a write-behind call acknowledged but not yet applied: the
    /// entry the call stored was invalidated (by a tag) before the worker ran it, so the core answered from a database
    /// that does not have it yet. Write-behind promises the value in the cache and the call run later, not that no
    /// invalidation shows the database in between.
    /// </summary>
    public long ReadsBelowPendingWriteBehind => Interlocked.Read(ref _readsBelowPendingWriteBehind);

    public IReadOnlyList<(TimeSpan At, double Milliseconds)> Latencies => _latencies.ToArray();

    /// <summary>Every write-behind call that returned to its caller.</summary>
    public IReadOnlyList<LedgerItem> QueuedLater => _queuedLater.ToArray();

    public IReadOnlyDictionary<string, int> Calls => _calls;

    /// <summary>When the last acknowledged write of <paramref name="id"/> returned.</summary>
    public TimeSpan LastWriteAt(int id) => _acknowledgedAt[id];

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _running = Task.WhenAll(Enumerable.Range(0, _callers).Select(c => Task.Run(() => RunCallerAsync(c, _stop.Token))));
    }

    public async Task StopAsync()
    {
        _stop!.Cancel();
        await _running!.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunCallerAsync(int caller, CancellationToken stop)
    {
        var random = new Random(caller * 7919 + 17);
        var owned = Enumerable.Range(0, _db.Count).Where(id => id % _callers == caller).ToArray();
        while (!stop.IsCancellationRequested)
        {
            var roll = random.Next(100);
            var mine = owned[random.Next(owned.Length)];
            var any = random.Next(_db.Count);
            var started = _clock.Elapsed;
            var operation = roll switch
            {
                < 55 => "GetItem",
                < 67 => "GetItems",
                < 75 => "SaveItem",
                < 83 => "BumpItem",
                < 91 => "RenameItem",
                < 99 => "SaveItemLater",
                _ => "Reindex",
            };
            try
            {
                switch (operation)
                {
                    case "GetItem":
                        Check(any, Floor(any), await _repository.GetItemAsync(any).ConfigureAwait(false), operation, started);
                        break;
                    case "GetItems":
                        // Eight ids: eight slots, spread over every master.
                        var ids = Enumerable.Range(0, 8).Select(_ => random.Next(_db.Count)).Distinct().ToArray();
                        var floors = ids.Select(Floor).ToArray();
                        var found = await _repository.GetItemsAsync(ids).ConfigureAwait(false);
                        for (var i = 0; i < ids.Length; i++)
                        {
                            Check(ids[i], floors[i], found.TryGetValue(ids[i], out var item) ? item : null, operation, started);
                        }

                        break;
                    case "SaveItem":
                        var saved = _db.Next(mine);
                        await _repository.SaveItemAsync(saved).ConfigureAwait(false);
                        Acknowledge(mine, saved.Version, operation, started);
                        break;
                    case "BumpItem":
                        Acknowledge(mine, (await _repository.BumpItemAsync(mine).ConfigureAwait(false)).Version, operation, started);
                        break;
                    case "RenameItem":
                        Acknowledge(mine, (await _repository.RenameItemAsync(mine).ConfigureAwait(false)).Version, operation, started);
                        break;
                    case "SaveItemLater":
                        var later = _db.Next(mine);
                        await _repository.SaveItemLaterAsync(later).ConfigureAwait(false);
                        _queuedLater.Enqueue(later);
                        Volatile.Write(ref _queuedLaterVersion[mine], later.Version);
                        if (_db.RanInCaller(later))
                        {
                            // Redis refused the call, so it ran here, invalidations and all: a write-through.
                            Acknowledge(mine, later.Version, operation + " (ran in caller)", started);
                        }
                        else
                        {
                            _writes.Enqueue((mine, operation, later.Version, started, _clock.Elapsed));
                            _acknowledgedAt[mine] = _clock.Elapsed;
                        }
                        break;
                    default:
                        await _repository.ReindexAsync().ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception ex)
            {
                _errors.Enqueue((_clock.Elapsed, operation, ex));
            }

            _latencies.Enqueue((started, (_clock.Elapsed - started).TotalMilliseconds));
            _calls.AddOrUpdate(operation, 1, static (_, n) => n + 1);

            // A short pause keeps the load steady rather than as fast as two shared cores allow.
            await Task.Delay(2, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Acknowledge(int id, int version, string operation, TimeSpan started)
    {
        _writes.Enqueue((id, operation, version, started, _clock.Elapsed));
        lock (_acknowledged)
        {
            if (version > _acknowledged[id])
            {
                _acknowledged[id] = version;
            }
        }

        _acknowledgedAt[id] = _clock.Elapsed;
    }

    /// <summary>
    /// The worker's handlers, each noting when a call completed (core and invalidations): from then on a read must
    /// return that version at least, as after a write-through.
    /// </summary>
    public WriteBehindHandler[] Track(WriteBehindHandler[] handlers)
        => handlers.Select(h => new WriteBehindHandler(h.Id, async (arguments, cancellationToken) =>
        {
            if (await LedgerDb.RunWorkerCallAsync(() => h.InvokeAsync(arguments, cancellationToken)).ConfigureAwait(false) is { } item)
            {
                lock (_acknowledged)
                {
                    if (item.Version > _acknowledged[item.Id])
                    {
                        _acknowledged[item.Id] = item.Version;
                    }
                }

                _writes.Enqueue((item.Id, "worker ran SaveItemLater", item.Version, _clock.Elapsed, _clock.Elapsed));
            }
        })).ToArray();

    // The version a read starting now must return at least: the last acknowledged write-through or invalidation, or
    // write-behind call once the worker completed it (before that, see ReadsBelowPendingWriteBehind).
    private int Floor(int id) => Volatile.Read(ref _acknowledged[id]);

    // Real (its id's name for its version, a version someone made) and not older than the floor read before the call.
    private void Check(int id, int floor, LedgerItem? got, string read, TimeSpan started)
    {
        if (got is null || !got.IsWellFormed(id) || got.Version > _db.Reserved(id) || got.Version < floor)
        {
            _wrongValues.Enqueue((_clock.Elapsed, id, floor, got, $"{read} {started.TotalSeconds:F3}s"));
        }
        else if (got.Version < Volatile.Read(ref _queuedLaterVersion[id]))
        {
            Interlocked.Increment(ref _readsBelowPendingWriteBehind);
        }
    }
}
