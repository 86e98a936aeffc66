using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// The cache that generated methods use. <see cref="RedisCacheStore"/> is the implementation over
/// StackExchange.Redis. Every member treats a cache failure as a miss and never throws it at the caller; only the
/// value factory's exceptions and cancellation reach the caller.
/// </summary>
public interface ICacheStore
{
    /// <summary>Text put before every key (an application prefix); empty for none.</summary>
    string KeyPrefix { get; }

    /// <summary>
    /// Returns the cached value under <paramref name="key"/>, or calls <paramref name="factory"/>, stores its result
    /// and returns it.
    /// </summary>
    /// <param name="key">The full key, as built by <see cref="CacheKeyBuilder"/>.</param>
    /// <param name="policy">How to store the value.</param>
    /// <param name="state">Passed to <paramref name="factory"/>, so it can be a static lambda.</param>
    /// <param name="factory">Computes the value on a miss; it receives the token to honour.</param>
    /// <param name="cancellationToken">Cancels the wait for the cache and the factory.</param>
    ValueTask<T> GetOrCreateAsync<TState, T>(
        string key, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default);

    /// <summary>The synchronous form of <see cref="GetOrCreateAsync"/>, for synchronous cached methods.</summary>
    T GetOrCreate<TState, T>(string key, CachePolicy<T> policy, TState state, Func<TState, T> factory);

    /// <summary>Reads the value under <paramref name="key"/>; a missing, expired or unreadable entry is a miss.</summary>
    ValueTask<CacheLookup<T>> TryGetAsync<T>(string key, CachePolicy<T> policy, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> with the policy's expiry; returns whether Redis took it.</summary>
    ValueTask<bool> SetAsync<T>(string key, T value, CachePolicy<T> policy, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entry under <paramref name="key"/>; returns whether Redis took the command.</summary>
    ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default);
}
