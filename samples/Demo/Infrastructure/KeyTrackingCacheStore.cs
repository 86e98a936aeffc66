using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching;

namespace Demo.Infrastructure;

/// <summary>
/// Passes every call to the real store and counts reads per key, so the demo can show the hottest keys and ask
/// Redis for their TTLs, and delete exactly the keys it wrote, without scanning Redis. Costs a dictionary update
/// per call, noise next to a Redis round trip.
/// </summary>
public sealed class KeyTrackingCacheStore(ICacheStore inner) : ICacheStore
{
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);

    public string KeyPrefix => inner.KeyPrefix;

    /// <summary>Every key read or written so far.</summary>
    public IReadOnlyList<string> Keys => _reads.Keys.ToArray();

    /// <summary>The most-read keys, most read first.</summary>
    public IReadOnlyList<(string Key, int Reads)> Hottest(int count)
        => _reads.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count).Select(p => (p.Key, p.Value)).ToList();

    public ValueTask<T> GetOrCreateAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default)
    {
        Count(key);
        return inner.GetOrCreateAsync(key, tags, policy, state, factory, cancellationToken);
    }

    public T GetOrCreate<TState, T>(string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, T> factory)
    {
        Count(key);
        return inner.GetOrCreate(key, tags, policy, state, factory);
    }

    public ValueTask<CacheLookup<T>> TryGetAsync<T>(string key, string[]? tags, CachePolicy<T> policy, CancellationToken cancellationToken = default)
    {
        Count(key);
        return inner.TryGetAsync(key, tags, policy, cancellationToken);
    }

    public ValueTask<T> RefreshAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default)
    {
        _reads.TryAdd(key, 0);
        return inner.RefreshAsync(key, tags, policy, state, factory, cancellationToken);
    }

    public ValueTask<CacheLookup<StackExchange.Redis.RedisValue>> TryGetHashFieldAsync<T>(string key, CachePolicy<T> policy, int field, CancellationToken cancellationToken = default)
    {
        Count(key);
        return inner.TryGetHashFieldAsync(key, policy, field, cancellationToken);
    }

    public ValueTask<bool> SetAsync<T>(string key, string[]? tags, T value, CachePolicy<T> policy, CancellationToken cancellationToken = default)
    {
        _reads.TryAdd(key, 0);
        return inner.SetAsync(key, tags, value, policy, cancellationToken);
    }

    public ValueTask<bool> InvalidateAsync(string key, CancellationToken cancellationToken = default)
        => inner.InvalidateAsync(key, cancellationToken);

    public ValueTask<bool> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
        => inner.InvalidateTagAsync(tag, cancellationToken);

    public ValueTask<long> InvalidatePatternAsync(string pattern, CancellationToken cancellationToken = default)
        => inner.InvalidatePatternAsync(pattern, cancellationToken);

    public ValueTask<IReadOnlyDictionary<TId, T>> GetOrCreateManyAsync<TId, TState, T>(
        IEnumerable<TId> ids, Func<TId, string> keyFor, Func<TId, string[]?>? tagsFor, CachePolicy<T> policy, TState state,
        Func<TState, IReadOnlyList<TId>, CancellationToken, ValueTask<IReadOnlyDictionary<TId, T>>> factory,
        CancellationToken cancellationToken = default)
        where TId : notnull
        => inner.GetOrCreateManyAsync(ids, id => { Count(keyFor(id)); return keyFor(id); }, tagsFor, policy, state, factory, cancellationToken);

    public ValueTask<int> WarmAsync<TItem, TState, T>(
        IEnumerable<TItem> items, Func<TItem, string> keyFor, Func<TItem, string[]?>? tagsFor, CachePolicy<T> policy, TState state,
        Func<TState, TItem, CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
        => inner.WarmAsync(items, item => { var key = keyFor(item); _reads.TryAdd(key, 0); return key; }, tagsFor, policy, state, factory, cancellationToken);

    public ValueTask<bool> EnqueueWriteBehindAsync(string handlerId, ReadOnlyMemory<byte> arguments, CancellationToken cancellationToken = default)
        => inner.EnqueueWriteBehindAsync(handlerId, arguments, cancellationToken);

    private void Count(string key) => _reads.AddOrUpdate(key, 1, static (_, reads) => reads + 1);
}
