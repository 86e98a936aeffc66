using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.Cluster;

/// <summary>
/// The "database" behind <see cref="LedgerRepository"/>: versioned rows, call counts, and a record of every
/// write-behind call the worker (or the caller's fallback) applied, to prove none was lost. A save keeps the higher
/// version, as an idempotent versioned upsert would, so a write-behind call run twice or late never goes back.
/// </summary>
public sealed class LedgerDb
{
    private readonly LedgerItem[] _rows;
    private readonly int[] _reserved;
    // Set by the worker's handler wrapper (ClusterLoad.Track) around one call, so the core tells it which row the call
    // wrote; absent when the generated method ran the core in the caller's flow because Redis refused the call.
    private static readonly AsyncLocal<StrongBox<LedgerItem?>?> WorkerCall = new();

    private readonly ConcurrentDictionary<(int Id, int Version), int> _appliedLater = new();
    private readonly ConcurrentDictionary<(int Id, int Version), bool> _ranInCaller = new();
    private long _reads;
    private long _batchReads;
    private long _writes;

    public LedgerDb(int items)
    {
        _rows = Enumerable.Range(0, items).Select(id => LedgerItem.At(id, 1)).ToArray();
        _reserved = Enumerable.Repeat(1, items).ToArray();
    }

    public int Count => _rows.Length;

    /// <summary>Single-row reads by a cached method's core (misses).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Batch reads by the batch method's core.</summary>
    public long BatchReads => Interlocked.Read(ref _batchReads);

    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>How many times each write-behind call (id, version) reached the database.</summary>
    public IReadOnlyDictionary<(int Id, int Version), int> AppliedLater => _appliedLater;

    public LedgerItem Current(int id) => Volatile.Read(ref _rows[id]);

    /// <summary>The highest version handed out for <paramref name="id"/>: no caller may ever see a higher one.</summary>
    public int Reserved(int id) => Volatile.Read(ref _reserved[id]);

    /// <summary>A new version of <paramref name="id"/>, not yet written.</summary>
    public LedgerItem Next(int id) => LedgerItem.At(id, Interlocked.Increment(ref _reserved[id]));

    public Task<LedgerItem?> FindAsync(int id)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult<LedgerItem?>(Current(id));
    }

    public Task<IReadOnlyDictionary<int, LedgerItem?>> FindManyAsync(IReadOnlyList<int> ids)
    {
        Interlocked.Increment(ref _batchReads);
        IReadOnlyDictionary<int, LedgerItem?> found = ids.Distinct().ToDictionary(id => id, id => (LedgerItem?)Current(id));
        return Task.FromResult(found);
    }

    public Task SaveAsync(LedgerItem item)
    {
        Interlocked.Increment(ref _writes);
        lock (_rows)
        {
            if (item.Version > _rows[item.Id].Version)
            {
                Volatile.Write(ref _rows[item.Id], item);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether the write-behind call of this version ran in its caller's flow (Redis did not take it).</summary>
    public bool RanInCaller(LedgerItem item) => _ranInCaller.ContainsKey((item.Id, item.Version));

    /// <summary>Runs one worker call, and returns the row its core wrote (null if it wrote none).</summary>
    public static async ValueTask<LedgerItem?> RunWorkerCallAsync(Func<ValueTask> call)
    {
        var box = new StrongBox<LedgerItem?>();
        WorkerCall.Value = box;
        await call().ConfigureAwait(false);
        return box.Value;
    }

    /// <summary>A write-behind call reaching the database, counted per call.</summary>
    public Task SaveLaterAsync(LedgerItem item)
    {
        _appliedLater.AddOrUpdate((item.Id, item.Version), 1, static (_, n) => n + 1);
        if (WorkerCall.Value is { } box)
        {
            box.Value = item;
        }
        else
        {
            _ranInCaller[(item.Id, item.Version)] = true;
        }

        return SaveAsync(item);
    }

    /// <summary>Writes a new version of <paramref name="id"/> and returns it (the core of an invalidating method).</summary>
    public async Task<LedgerItem> BumpAsync(int id)
    {
        var next = Next(id);
        await SaveAsync(next).ConfigureAwait(false);
        return next;
    }
}
