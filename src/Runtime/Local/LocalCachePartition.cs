using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using BitFaster.Caching.Lru;

namespace Caching;

/// <summary>
/// The L1 entries of one cached method for one store (see <see cref="LocalCache{TKey, T}"/>). A hit reads one
/// <c>FastConcurrentLru</c> entry and compares its expiry with <see cref="CoarseClock"/> (one field read): no string,
/// no allocation. Generated code calls
/// <see cref="TryGet"/> (or <see cref="TryGetTask"/>) first, and on a miss reads <see cref="Generation"/>, calls the
/// store, and hands the result to <see cref="Add"/> or <see cref="AddWhenDone"/>.
/// </summary>
/// <typeparam name="TKey">The typed key.</typeparam>
/// <typeparam name="T">The cached type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LocalCachePartition<TKey, T> : ILocalPartition
    where TKey : notnull
{
    private readonly LocalCache<TKey, T> _cache;
    private readonly ILocalCacheHost _host;
    private readonly FastConcurrentLru<TKey, LocalEntry<T>> _entries;
    private readonly CacheMetrics _metrics;
    private readonly CacheMethodTelemetry _telemetry;

    // Invalidations come by Redis key; entries are held by typed key. One typed key per Redis key at a time: two
    // typed keys can format to one Redis key (a hole with a coarse format), and the older is dropped when the newer
    // arrives, so an invalidation of the Redis key always finds what it must evict.
    private readonly ConcurrentDictionary<string, TKey> _byRedisKey = new(StringComparer.Ordinal);
    private readonly long _ttlMs;
    private long _generation;
    private int _attached;

    internal LocalCachePartition(LocalCache<TKey, T> cache, ILocalCacheHost host)
    {
        _cache = cache;
        _host = host;
        _entries = new FastConcurrentLru<TKey, LocalEntry<T>>(cache.Capacity);
        _ttlMs = (long)cache.LocalTtl.TotalMilliseconds;
        _metrics = host.Metrics;
        _telemetry = cache.Telemetry;
        CoarseClock.Start();
    }

    /// <summary>How many entries are held, fresh or not.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Moves on each invalidation this partition hears of. Read it before the store call of a miss and pass it to
    /// <see cref="Add"/>: a value read from Redis while an invalidation went by may be the invalidated one, and is
    /// not kept.
    /// </summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>The value stored under <paramref name="key"/>, while it is fresh.</summary>
    public bool TryGet(TKey key, out T value)
    {
        if (_entries.TryGet(key, out var entry) && entry.ExpiresAtMs > CoarseClock.NowMs)
        {
            _metrics.L1Hit(_telemetry);
            value = entry.Value;
            return true;
        }

        _metrics.L1Miss(_telemetry);
        value = default!;
        return false;
    }

    /// <summary>As <see cref="TryGet"/>, as a completed task made once per entry, for methods that return <c>Task&lt;T&gt;</c>.</summary>
    public bool TryGetTask(TKey key, out Task<T> task)
    {
        if (_entries.TryGet(key, out var entry) && entry.ExpiresAtMs > CoarseClock.NowMs)
        {
            _metrics.L1Hit(_telemetry);
            task = entry.Task;
            return true;
        }

        _metrics.L1Miss(_telemetry);
        task = null!;
        return false;
    }

    /// <summary>
    /// Keeps <paramref name="value"/>, which the store returned for <paramref name="redisKey"/>, unless an
    /// invalidation went by since <paramref name="generation"/> was read or the host cannot hear invalidations now.
    /// </summary>
    public void Add(TKey key, string redisKey, string[]? tags, long generation, T value)
    {
        if (!_host.AcceptsLocalEntries || Generation != generation)
        {
            return;
        }

        var entry = new LocalEntry<T>(value, CoarseClock.Refresh() + _ttlMs, redisKey, tags);
        _entries.AddOrUpdate(key, entry);
        if (_byRedisKey.TryGetValue(redisKey, out var previous) && !EqualityComparer<TKey>.Default.Equals(previous, key))
        {
            _entries.TryRemove(previous);
        }

        _byRedisKey[redisKey] = key;
        TrimIndex();

        // An invalidation that arrived between the check above and now found nothing to evict: undo.
        if (Generation != generation)
        {
            _entries.TryRemove(key);
        }
    }

    /// <summary>Returns <paramref name="pending"/>'s value once done, after keeping it as <see cref="Add"/> does.</summary>
    public ValueTask<T> AddWhenDone(TKey key, string redisKey, string[]? tags, long generation, ValueTask<T> pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            var value = pending.Result;
            Add(key, redisKey, tags, generation, value);
            return new ValueTask<T>(value);
        }

        return AwaitAndAdd(key, redisKey, tags, generation, pending);
    }

    private async ValueTask<T> AwaitAndAdd(TKey key, string redisKey, string[]? tags, long generation, ValueTask<T> pending)
    {
        var value = await pending.ConfigureAwait(false);
        Add(key, redisKey, tags, generation, value);
        return value;
    }

    void ILocalPartition.Evict(string redisKey)
    {
        Interlocked.Increment(ref _generation);
        if (_byRedisKey.TryRemove(redisKey, out var key))
        {
            _entries.TryRemove(key);
        }
    }

    void ILocalPartition.EvictTag(string tag)
    {
        Interlocked.Increment(ref _generation);
        // Tags are invalidated rarely next to reads; a walk over at most Capacity entries keeps reads free of any
        // per-tag bookkeeping.
        foreach (var pair in _entries)
        {
            if (pair.Value.Tags is { } tags && Array.IndexOf(tags, tag) >= 0)
            {
                _entries.TryRemove(pair.Key);
                _byRedisKey.TryRemove(new KeyValuePair<string, TKey>(pair.Value.RedisKey, pair.Key));
            }
        }
    }

    void ILocalPartition.Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
        _byRedisKey.Clear();
    }

    internal void AttachOnce()
    {
        if (Interlocked.Exchange(ref _attached, 1) == 0)
        {
            _host.Attach(this);
        }
    }

    // The LRU evicts on its own and tells nobody, so the index can keep keys of entries long gone. Past twice the
    // capacity, drop those; the walk is paid once per Capacity additions at most.
    private void TrimIndex()
    {
        if (_byRedisKey.Count <= 2 * _cache.Capacity)
        {
            return;
        }

        foreach (var pair in _byRedisKey)
        {
            if (!_entries.TryGet(pair.Value, out var entry) || !string.Equals(entry.RedisKey, pair.Key, StringComparison.Ordinal))
            {
                _byRedisKey.TryRemove(pair);
            }
        }
    }
}
