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
    private readonly TimeSpan[] _acknowledgedAt;
    private readonly ConcurrentQueue<(TimeSpan At, string Operation, Exception Error)> _errors = new();
    private readonly ConcurrentQueue<(TimeSpan At, int Id, int Expected, LedgerItem? Got)> _wrongValues = new();
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
        _acknowledgedAt = new TimeSpan[db.Count];
    }

    public IReadOnlyList<(TimeSpan At, string Operation, Exception Error)> Errors => _errors.ToArray();

    /// <summary>Reads that returned a value that is not real, or older than a write acknowledged before the read began.</summary>
    public IReadOnlyList<(TimeSpan At, int Id, int Expected, LedgerItem? Got)> WrongValues => _wrongValues.ToArray();

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
                        Check(any, Volatile.Read(ref _acknowledged[any]), await _repository.GetItemAsync(any).ConfigureAwait(false));
                        break;
                    case "GetItems":
                        // Eight ids: eight slots, spread over every master.
                        var ids = Enumerable.Range(0, 8).Select(_ => random.Next(_db.Count)).Distinct().ToArray();
                        var floors = ids.Select(id => Volatile.Read(ref _acknowledged[id])).ToArray();
                        var found = await _repository.GetItemsAsync(ids).ConfigureAwait(false);
                        for (var i = 0; i < ids.Length; i++)
                        {
                            Check(ids[i], floors[i], found.TryGetValue(ids[i], out var item) ? item : null);
                        }

                        break;
                    case "SaveItem":
                        var saved = _db.Next(mine);
                        await _repository.SaveItemAsync(saved).ConfigureAwait(false);
                        Acknowledge(mine, saved.Version);
                        break;
                    case "BumpItem":
                        Acknowledge(mine, (await _repository.BumpItemAsync(mine).ConfigureAwait(false)).Version);
                        break;
                    case "RenameItem":
                        Acknowledge(mine, (await _repository.RenameItemAsync(mine).ConfigureAwait(false)).Version);
                        break;
                    case "SaveItemLater":
                        var later = _db.Next(mine);
                        await _repository.SaveItemLaterAsync(later).ConfigureAwait(false);
                        _queuedLater.Enqueue(later);
                        Acknowledge(mine, later.Version);
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

    private void Acknowledge(int id, int version)
    {
        Volatile.Write(ref _acknowledged[id], version);
        _acknowledgedAt[id] = _clock.Elapsed;
    }

    // Real (its id's name for its version, a version someone made) and not older than the floor read before the call.
    private void Check(int id, int floor, LedgerItem? got)
    {
        if (got is null || !got.IsWellFormed(id) || got.Version > _db.Reserved(id) || got.Version < floor)
        {
            _wrongValues.Enqueue((_clock.Elapsed, id, floor, got));
        }
    }
}
