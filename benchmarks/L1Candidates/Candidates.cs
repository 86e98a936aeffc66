using System;
using System.Collections.Concurrent;
using BitFaster.Caching;
using BitFaster.Caching.Lfu;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.Caching.Memory;

namespace L1Candidates;

/// <summary>
/// The six candidates over one key type, each built the way the runtime would build it for one cached method:
/// a capacity, a LocalTtl, and the value plus its logical expiry per entry.
/// </summary>
public sealed class Candidates<TKey> : IDisposable
    where TKey : notnull
{
    public const int LocalTtlSeconds = 60;

    public Candidates(int capacity)
    {
        Capacity = capacity;
        Dictionary = new ConcurrentDictionary<TKey, L1Entry<User>>();
        Lru = new FastConcurrentLru<TKey, L1Entry<User>>(capacity);
        TLru = new FastConcurrentTLru<TKey, User>(capacity, TimeSpan.FromSeconds(LocalTtlSeconds));
        LruExpireAfter = new ConcurrentLruBuilder<TKey, L1Entry<User>>()
            .WithCapacity(capacity)
            .WithExpireAfter(new EntryExpiry<TKey, User>())
            .Build();
        Lfu = new ConcurrentLfu<TKey, L1Entry<User>>(capacity);
        Memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity });
        MemoryOptions = new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(LocalTtlSeconds),
        };
    }

    public int Capacity { get; }

    /// <summary>The floor: unbounded, no eviction, for reference only.</summary>
    public ConcurrentDictionary<TKey, L1Entry<User>> Dictionary { get; }

    /// <summary>BitFaster pseudo-LRU (hot/warm/cold queues), no metrics; logical expiry checked by the caller.</summary>
    public FastConcurrentLru<TKey, L1Entry<User>> Lru { get; }

    /// <summary>BitFaster time-aware LRU: one TTL for the whole cache (LocalTtl is per method, so that fits).</summary>
    public FastConcurrentTLru<TKey, User> TLru { get; }

    /// <summary>BitFaster LRU with a per-entry <see cref="IExpiryCalculator{K, V}"/> (an <see cref="ICache{K, V}"/>).</summary>
    public ICache<TKey, L1Entry<User>> LruExpireAfter { get; }

    /// <summary>BitFaster W-TinyLFU; logical expiry checked by the caller.</summary>
    public ConcurrentLfu<TKey, L1Entry<User>> Lfu { get; }

    /// <summary>MemoryCache: object keys (a struct key is boxed on every call), Size = 1 per entry.</summary>
    public MemoryCache Memory { get; }

    public MemoryCacheEntryOptions MemoryOptions { get; }

    public static L1Entry<User> Entry(User value)
    {
        return new L1Entry<User>(value, Environment.TickCount64 + (LocalTtlSeconds * 1000L));
    }

    public void Fill(TKey key, User value)
    {
        var entry = Entry(value);
        Dictionary[key] = entry;
        Lru.AddOrUpdate(key, entry);
        TLru.AddOrUpdate(key, value);
        LruExpireAfter.AddOrUpdate(key, entry);
        Lfu.AddOrUpdate(key, entry);
        Memory.Set(key, value, MemoryOptions);
    }

    public void Dispose()
    {
        Memory.Dispose();
    }
}
