using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>Shorter forms of <see cref="ICacheStore"/> members for untagged entries.</summary>
public static class CacheStoreExtensions
{
    /// <summary><see cref="ICacheStore.GetOrCreateAsync"/> for an untagged entry.</summary>
    public static ValueTask<T> GetOrCreateAsync<TState, T>(
        this ICacheStore store, string key, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default)
        => store.GetOrCreateAsync(key, null, policy, state, factory, cancellationToken);

    /// <summary><see cref="ICacheStore.GetOrCreate"/> for an untagged entry.</summary>
    public static T GetOrCreate<TState, T>(this ICacheStore store, string key, CachePolicy<T> policy, TState state, Func<TState, T> factory)
        => store.GetOrCreate(key, null, policy, state, factory);

    /// <summary><see cref="ICacheStore.TryGetAsync"/> for an untagged entry.</summary>
    public static ValueTask<CacheLookup<T>> TryGetAsync<T>(this ICacheStore store, string key, CachePolicy<T> policy, CancellationToken cancellationToken = default)
        => store.TryGetAsync(key, null, policy, cancellationToken);

    /// <summary><see cref="ICacheStore.SetAsync"/> for an untagged entry.</summary>
    public static ValueTask<bool> SetAsync<T>(this ICacheStore store, string key, T value, CachePolicy<T> policy, CancellationToken cancellationToken = default)
        => store.SetAsync(key, null, value, policy, cancellationToken);
}
