using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Caching;

/// <summary>
/// The L1 (in-process) cache of one cached method, in front of Redis: values by the method's typed key (its key
/// holes' values, so a hit builds no string), size-bounded with LRU eviction, each entry served for at most the
/// method's <c>LocalTtl</c>. Generated code holds one per method in a static field and asks it for the partition of
/// the store it calls (<see cref="For"/>): entries never cross stores, and only a store that propagates
/// invalidations (<see cref="RedisCacheStore"/>) gets one.
/// </summary>
/// <typeparam name="TKey">The typed key: a tuple of the key's hole values, or the key string when a hole's type has no exact equality.</typeparam>
/// <typeparam name="T">The cached type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LocalCache<TKey, T>
    where TKey : notnull
{
    private readonly ConditionalWeakTable<object, LocalCachePartition<TKey, T>> _partitions = new();

    // The last store asked for and its partition, read together: almost every application has one store, and this
    // makes the hit path one reference comparison instead of a table look-up.
    private volatile Last? _last;

    /// <summary>Creates the L1 of one method.</summary>
    /// <param name="name">The cached method, as <c>Type.Method</c>.</param>
    /// <param name="localTtl">How long an entry is served; must be positive.</param>
    /// <param name="capacity">The most entries per store; at least 3.</param>
    public LocalCache(string name, TimeSpan localTtl, int capacity)
    {
        if (localTtl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(localTtl), localTtl, "The local time to live must be positive.");
        }

        if (capacity < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The local capacity must be at least 3.");
        }

        Name = name ?? throw new ArgumentNullException(nameof(name));
        Telemetry = new CacheMethodTelemetry(name);
        LocalTtl = localTtl;
        Capacity = capacity;
    }

    /// <summary>The cached method, as <c>Type.Method</c>.</summary>
    public string Name { get; }

    // The metric tags of Name, built once for the hit path (cache.level=l1).
    internal CacheMethodTelemetry Telemetry { get; }

    /// <summary>How long an entry is served.</summary>
    public TimeSpan LocalTtl { get; }

    /// <summary>The most entries per store.</summary>
    public int Capacity { get; }

    /// <summary>The partition for <paramref name="store"/>, or null when that store cannot keep an L1 coherent or has L1 turned off.</summary>
    public LocalCachePartition<TKey, T>? For(ICacheStore store)
    {
        var last = _last;
        if (last is not null && ReferenceEquals(last.Store, store))
        {
            return last.Partition;
        }

        return ForSlow(store);
    }

    private LocalCachePartition<TKey, T>? ForSlow(ICacheStore store)
    {
        if (store is not ILocalCacheHost { LocalCacheEnabled: true } host)
        {
            _last = new Last(store, null);
            return null;
        }

        var partition = _partitions.GetValue(store, _ => new LocalCachePartition<TKey, T>(this, host));
        // Attached here, not in the factory: the table may run the factory twice and keep only one result.
        partition.AttachOnce();
        _last = new Last(store, partition);
        return partition;
    }

    private sealed record Last(ICacheStore Store, LocalCachePartition<TKey, T>? Partition);
}
