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
        string key, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default)
    {
        Count(key);
        return inner.GetOrCreateAsync(key, policy, state, factory, cancellationToken);
    }

    public T GetOrCreate<TState, T>(string key, CachePolicy<T> policy, TState state, Func<TState, T> factory)
    {
        Count(key);
        return inner.GetOrCreate(key, policy, state, factory);
    }

    public ValueTask<CacheLookup<T>> TryGetAsync<T>(string key, CachePolicy<T> policy, CancellationToken cancellationToken = default)
    {
        Count(key);
        return inner.TryGetAsync(key, policy, cancellationToken);
    }

    public ValueTask<bool> SetAsync<T>(string key, T value, CachePolicy<T> policy, CancellationToken cancellationToken = default)
    {
        _reads.TryAdd(key, 0);
        return inner.SetAsync(key, value, policy, cancellationToken);
    }

    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
        => inner.RemoveAsync(key, cancellationToken);

    private void Count(string key) => _reads.AddOrUpdate(key, 1, static (_, reads) => reads + 1);
}
