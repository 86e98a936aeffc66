using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

public sealed partial class RedisCacheStore
{
    /// <summary>How many items <see cref="WarmAsync"/> loads before it writes them in one pipeline.</summary>
    private const int WarmBatchSize = 100;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyDictionary<TId, T>> GetOrCreateManyAsync<TId, TState, T>(
        IEnumerable<TId> ids, Func<TId, string> keyFor, Func<TId, string[]?>? tagsFor, CachePolicy<T> policy, TState state,
        Func<TState, IReadOnlyList<TId>, CancellationToken, ValueTask<IReadOnlyDictionary<TId, T>>> factory,
        CancellationToken cancellationToken = default)
        where TId : notnull
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        var distinct = new List<TId>();
        var seen = new HashSet<TId>();
        foreach (var id in ids)
        {
            if (seen.Add(id))
            {
                distinct.Add(id);
            }
        }

        var result = new Dictionary<TId, T>(distinct.Count);
        if (distinct.Count == 0)
        {
            return result;
        }

        var slots = BatchSlots.Create(distinct, keyFor, tagsFor, KeyPrefix);
        var reads = await ReadManyAsync(slots, policy, cancellationToken).ConfigureAwait(false);
        var misses = new List<TId>();
        var missIndexes = new List<int>();
        for (var i = 0; i < distinct.Count; i++)
        {
            if (reads[i].Lookup.IsHit)
            {
                _metrics.L2Hit(policy.Telemetry);
                result[distinct[i]] = reads[i].Lookup.Value!;
            }
            else
            {
                _metrics.L2Miss(policy.Telemetry, reads[i].Succeeded);
                misses.Add(distinct[i]);
                missIndexes.Add(i);
            }
        }

        if (misses.Count == 0)
        {
            return result;
        }

        var loaded = await CallCoreAsync(policy.Telemetry, (Factory: factory, State: state, Misses: misses), static (s, token) => s.Factory(s.State, s.Misses, token), cancellationToken)
            .ConfigureAwait(false);
        var writes = new List<(int Index, T Value)>(misses.Count);
        for (var m = 0; m < misses.Count; m++)
        {
            if (loaded.TryGetValue(misses[m], out var value))
            {
                result[misses[m]] = value;
                writes.Add((missIndexes[m], value));
            }
        }

        await StoreFillsAsync(slots, reads, writes, policy).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc/>
    public async ValueTask<int> WarmAsync<TItem, TState, T>(
        IEnumerable<TItem> items, Func<TItem, string> keyFor, Func<TItem, string[]?>? tagsFor, CachePolicy<T> policy, TState state,
        Func<TState, TItem, CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var stored = 0;
        var chunk = new List<TItem>(WarmBatchSize);
        foreach (var item in items)
        {
            chunk.Add(item);
            if (chunk.Count == WarmBatchSize)
            {
                stored += await WarmChunkAsync(chunk, keyFor, tagsFor, policy, state, factory, cancellationToken).ConfigureAwait(false);
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            stored += await WarmChunkAsync(chunk, keyFor, tagsFor, policy, state, factory, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    private async ValueTask<int> WarmChunkAsync<TItem, TState, T>(
        List<TItem> chunk, Func<TItem, string> keyFor, Func<TItem, string[]?>? tagsFor, CachePolicy<T> policy, TState state,
        Func<TState, TItem, CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken)
    {
        // Observe the keys first, like a fill, so a write that lands while the core runs wins over the warm value.
        var slots = BatchSlots.Create(chunk, keyFor, tagsFor, KeyPrefix);
        var reads = await ReadManyAsync(slots, policy, cancellationToken).ConfigureAwait(false);
        var writes = new List<(int Index, T Value)>(chunk.Count);
        for (var i = 0; i < chunk.Count; i++)
        {
            // One at a time: the core is usually a database connection that takes one command at a time.
            writes.Add((i, await CallCoreAsync(policy.Telemetry, (Factory: factory, State: state, Item: chunk[i]), static (s, token) => s.Factory(s.State, s.Item, token), cancellationToken)
                .ConfigureAwait(false)));
        }

        return await StoreFillsAsync(slots, reads, writes, policy).ConfigureAwait(false);
    }

    // Reads every entry and every distinct tag stamp: one MGET per hash slot, all pipelined.
    private async ValueTask<FillRead<T>[]> ReadManyAsync<T>(BatchSlots slots, CachePolicy<T> policy, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var reads = new FillRead<T>[slots.Keys.Length];
        RedisValue[] values;
        try
        {
            values = await _circuit.RunAsync(static s => s.Store.MultiGetAsync(s.Keys), (Store: this, Keys: slots.AllReadKeys), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogReadFailed(slots.Keys[0], policy.Telemetry, ex);
            Array.Fill(reads, new FillRead<T>(new CacheLookup<T>(CacheEntryStatus.Missing, default), RedisValue.Null, null, started, Succeeded: false));
            return reads;
        }

        _metrics.RedisRead(policy.Telemetry, started);
        for (var i = 0; i < reads.Length; i++)
        {
            var digest = slots.Digest(i, values);
            reads[i] = new FillRead<T>(Decode(slots.Keys[i], values[i], policy, digest), values[i], digest, started, Succeeded: true);
        }

        return reads;
    }

    // Writes the fills in one pipeline, each by the compare-and-set script. Returns how many were stored.
    private async ValueTask<int> StoreFillsAsync<T>(BatchSlots slots, FillRead<T>[] reads, List<(int Index, T Value)> writes, CachePolicy<T> policy)
    {
        // The scripts are issued one after another without waiting, which the multiplexer pipelines, rather than
        // through an IBatch. After a NOSCRIPT (SCRIPT FLUSH, a restart, a failover) StackExchange.Redis re-sends the
        // script as EVAL through the same IBatch, which has already been executed, so the retry was never sent: the
        // whole write-back hung until the timeout and was lost.
        var fills = new List<(RedisKey Key, RedisValue Observed, byte[] Entry, long ExpiryMs)>(writes.Count);
        foreach (var (index, value) in writes)
        {
            var key = slots.Keys[index];
            if (FillEntry(key, slots.Tags?[index], value, policy, reads[index], out var entry, out var expiry))
            {
                fills.Add((key, reads[index].Observed, entry, (long)expiry.TotalMilliseconds));
            }
        }

        if (fills.Count == 0)
        {
            return 0;
        }

        // One deadline for the whole pipeline, and one pass through the breaker. Waiting OperationTimeout for each
        // write in turn let a stalled server hold the caller for one timeout per write.
        var pending = new Task<RedisResult>?[fills.Count];
        try
        {
            await _circuit.RunAsync(static s => IssueFills(s.Database, s.Fills, s.Pending), (Database, Fills: fills, Pending: pending), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, CancellationToken.None))
        {
            // Each write's own failure, or its timeout, is logged below. When the open breaker skipped the batch,
            // nothing was issued and nothing is logged.
        }

        var stored = 0;
        for (var i = 0; i < pending.Length; i++)
        {
            if (pending[i] is not { } write)
            {
                continue;
            }

            try
            {
                stored += (long)await write.WaitAsync(TimeSpan.Zero).ConfigureAwait(false) == 1 ? 1 : 0;
            }
            catch (Exception ex) when (IsCacheFailure(ex, CancellationToken.None))
            {
                _metrics.Error(policy.Telemetry, CacheOperation.Write, ex);
                if (ShouldLogFailure(CacheLog.WriteFailedId))
                {
                    CacheLog.WriteFailed(_logger, (string)fills[i].Key!, policy.Name, ex);
                }
            }
        }

        _metrics.Filled(policy.Telemetry, stored);
        return stored;
    }

    // Issues every fill's script without waiting, which the multiplexer pipelines, and completes when all have
    // answered. Each write is kept in pending, so its own outcome can be read after a failure of the whole.
    private static Task<RedisResult[]> IssueFills(
        IDatabase database, List<(RedisKey Key, RedisValue Observed, byte[] Entry, long ExpiryMs)> fills, Task<RedisResult>?[] pending)
    {
        for (var i = 0; i < fills.Count; i++)
        {
            var (key, observed, entry, expiryMs) = fills[i];
            pending[i] = database.ScriptEvaluateAsync(FillScript.Text, [key], [FillScript.Observed(observed), entry, expiryMs]);
        }

        return Task.WhenAll(pending!);
    }

    // The keys of a batch and of their tags' stamps, laid out for one multi-get: the entries first, then each
    // distinct stamp once.
    private sealed class BatchSlots
    {
        private readonly int[][]? _stampIndexes;

        private BatchSlots(string[] keys, string[][]? tags, RedisKey[] allReadKeys, int[][]? stampIndexes)
        {
            Keys = keys;
            Tags = tags;
            AllReadKeys = allReadKeys;
            _stampIndexes = stampIndexes;
        }

        public string[] Keys { get; }

        public string[][]? Tags { get; }

        public RedisKey[] AllReadKeys { get; }

        public static BatchSlots Create<TItem>(IReadOnlyList<TItem> items, Func<TItem, string> keyFor, Func<TItem, string[]?>? tagsFor, string keyPrefix)
        {
            var keys = new string[items.Count];
            var readKeys = new List<RedisKey>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                keys[i] = keyFor(items[i]);
                readKeys.Add(keys[i]);
            }

            if (tagsFor is null)
            {
                return new BatchSlots(keys, null, readKeys.ToArray(), null);
            }

            var tags = new string[items.Count][];
            var stampIndexes = new int[items.Count][];
            var stampPositions = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                tags[i] = tagsFor(items[i]) ?? [];
                stampIndexes[i] = new int[tags[i].Length];
                for (var t = 0; t < tags[i].Length; t++)
                {
                    if (!stampPositions.TryGetValue(tags[i][t], out var position))
                    {
                        stampPositions[tags[i][t]] = position = readKeys.Count;
                        readKeys.Add(TagStamps.Key(keyPrefix, tags[i][t]));
                    }

                    stampIndexes[i][t] = position;
                }
            }

            return new BatchSlots(keys, tags, readKeys.ToArray(), stampIndexes);
        }

        /// <summary>The digest of item <paramref name="index"/>'s tag stamps among the values read, or null when untagged.</summary>
        public ulong? Digest(int index, RedisValue[] values)
        {
            if (Tags is null || Tags[index].Length == 0)
            {
                return null;
            }

            var positions = _stampIndexes![index];
            var stamps = new RedisValue[positions.Length];
            for (var t = 0; t < positions.Length; t++)
            {
                stamps[t] = values[positions[t]];
            }

            return TagStamps.Digest(Tags[index], stamps);
        }
    }
}
