using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// A pass-through <see cref="ICacheStore"/> in front of a real <see cref="RedisCacheStore"/>: every call goes to
/// Redis unchanged, and the keys and tags the generated code passed are recorded. That is how the tests see the key
/// each argument tuple makes through the generated key methods (which are private), without guessing its format.
/// </summary>
internal sealed class KeyRecordingStore(ICacheStore inner) : ICacheStore
{
    private readonly ConcurrentQueue<(string Kind, string Value)> _seen = new();

    public string KeyPrefix => inner.KeyPrefix;

    /// <summary>What the generated code passed since the last <see cref="Take"/>: ("key" | "tag", text), in order.</summary>
    public IReadOnlyList<(string Kind, string Value)> Take()
    {
        var taken = new List<(string, string)>();
        while (_seen.TryDequeue(out var item))
        {
            taken.Add(item);
        }

        return taken;
    }

    public ValueTask<T> GetOrCreateAsync<TState, T>(string key, string[]? tags, CachePolicy<T> policy, TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        Record(key, tags);
        return inner.GetOrCreateAsync(key, tags, policy, state, factory, cancellationToken);
    }

    public T GetOrCreate<TState, T>(string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, T> factory)
    {
        Record(key, tags);
        return inner.GetOrCreate(key, tags, policy, state, factory);
    }

    public ValueTask<CacheLookup<T>> TryGetAsync<T>(string key, string[]? tags, CachePolicy<T> policy, CancellationToken cancellationToken = default)
    {
        Record(key, tags);
        return inner.TryGetAsync(key, tags, policy, cancellationToken);
    }

    public ValueTask<T> RefreshAsync<TState, T>(string key, string[]? tags, CachePolicy<T> policy, TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        Record(key, tags);
        return inner.RefreshAsync(key, tags, policy, state, factory, cancellationToken);
    }

    public ValueTask<bool> SetAsync<T>(string key, string[]? tags, T value, CachePolicy<T> policy, CancellationToken cancellationToken = default)
    {
        Record(key, tags);
        return inner.SetAsync(key, tags, value, policy, cancellationToken);
    }

    public ValueTask<bool> InvalidateAsync(string key, CancellationToken cancellationToken = default)
    {
        Record(key, null);
        return inner.InvalidateAsync(key, cancellationToken);
    }

    public ValueTask<bool> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        _seen.Enqueue(("tag", tag));
        return inner.InvalidateTagAsync(tag, cancellationToken);
    }

    public ValueTask<long> InvalidatePatternAsync(string pattern, CancellationToken cancellationToken = default)
        => inner.InvalidatePatternAsync(pattern, cancellationToken);

    public ValueTask<IReadOnlyDictionary<TId, T>> GetOrCreateManyAsync<TId, TState, T>(IEnumerable<TId> ids, Func<TId, string> keyFor,
        Func<TId, string[]?>? tagsFor, CachePolicy<T> policy, TState state,
        Func<TState, IReadOnlyList<TId>, CancellationToken, ValueTask<IReadOnlyDictionary<TId, T>>> factory, CancellationToken cancellationToken = default)
        where TId : notnull
        => inner.GetOrCreateManyAsync(ids, keyFor, tagsFor, policy, state, factory, cancellationToken);

    public ValueTask<int> WarmAsync<TItem, TState, T>(IEnumerable<TItem> items, Func<TItem, string> keyFor, Func<TItem, string[]?>? tagsFor,
        CachePolicy<T> policy, TState state, Func<TState, TItem, CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
        => inner.WarmAsync(items, keyFor, tagsFor, policy, state, factory, cancellationToken);

    public ValueTask<CacheLookup<RedisValue>> TryGetHashFieldAsync<T>(string key, CachePolicy<T> policy, int field, CancellationToken cancellationToken = default)
        => inner.TryGetHashFieldAsync(key, policy, field, cancellationToken);

    public ValueTask<bool> EnqueueWriteBehindAsync(string handlerId, ReadOnlyMemory<byte> arguments, CancellationToken cancellationToken = default)
        => inner.EnqueueWriteBehindAsync(handlerId, arguments, cancellationToken);

    private void Record(string key, string[]? tags)
    {
        _seen.Enqueue(("key", key));
        foreach (var tag in tags ?? [])
        {
            _seen.Enqueue(("tag", tag));
        }
    }
}
