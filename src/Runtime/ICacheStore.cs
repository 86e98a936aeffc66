using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// The cache that generated methods use. <see cref="RedisCacheStore"/> is the implementation over
/// StackExchange.Redis. Every member treats a cache failure as a miss and never throws it at the caller; only the
/// value factory's exceptions and cancellation reach the caller.
/// </summary>
/// <remarks>
/// Keys are full keys, as built by <see cref="CacheKeyBuilder"/> with <see cref="KeyPrefix"/> first. Tags are tag
/// names (built the same way, without the prefix); <c>null</c> or empty means an untagged entry. A reader with tags
/// sees an entry only if none of its tags was invalidated since the entry's value was read from the core.
/// </remarks>
public interface ICacheStore
{
    /// <summary>Text put before every key (an application prefix); empty for none.</summary>
    string KeyPrefix { get; }

    /// <summary>
    /// Returns the cached value under <paramref name="key"/>, or calls <paramref name="factory"/>, stores its result
    /// (unless an invalidation or a newer write happened meanwhile) and returns it.
    /// </summary>
    /// <param name="key">The full key.</param>
    /// <param name="tags">The entry's tags, or null.</param>
    /// <param name="policy">How to store the value.</param>
    /// <param name="state">Passed to <paramref name="factory"/>, so it can be a static lambda.</param>
    /// <param name="factory">Computes the value on a miss; it receives the token to honour.</param>
    /// <param name="cancellationToken">Cancels the wait for the cache and the factory.</param>
    ValueTask<T> GetOrCreateAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default);

    /// <summary>The synchronous form of <see cref="GetOrCreateAsync"/>, for synchronous cached methods.</summary>
    T GetOrCreate<TState, T>(string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, T> factory);

    /// <summary>Reads the value under <paramref name="key"/>; a missing, expired, invalidated or unreadable entry is a miss. Never calls a core.</summary>
    ValueTask<CacheLookup<T>> TryGetAsync<T>(string key, string[]? tags, CachePolicy<T> policy, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="factory"/> and stores its result over whatever the key holds (unless an invalidation
    /// or a newer write happened while it ran), then returns it.
    /// </summary>
    ValueTask<T> RefreshAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="value"/>, the newest state, under <paramref name="key"/> (write-through). When Redis
    /// does not take it, the key is invalidated so no older value survives (or, failing that too, an error is
    /// logged). Returns whether the value was stored.
    /// </summary>
    ValueTask<bool> SetAsync<T>(string key, string[]? tags, T value, CachePolicy<T> policy, CancellationToken cancellationToken = default);

    /// <summary>
    /// Invalidates the entry under <paramref name="key"/>: readers miss, and a fill that started before cannot
    /// store its older value after. Returns whether Redis took the command.
    /// </summary>
    ValueTask<bool> InvalidateAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Invalidates every entry carrying <paramref name="tag"/>, in one Redis command whatever their number.</summary>
    ValueTask<bool> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every key under <see cref="KeyPrefix"/> that matches the glob <paramref name="pattern"/>
    /// (<c>"user:*"</c>), with SCAN on every primary and batched UNLINK; never KEYS. Escape values from user
    /// input with <see cref="CacheKeyPattern.Escape"/>. Keys hashed for their length (over 512 UTF-8 bytes) hold no
    /// hole text, so no pattern on hole values reaches them; tags do. Returns how many keys were deleted.
    /// </summary>
    ValueTask<long> InvalidatePatternAsync(string pattern, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads many entries at once (one command per hash slot, pipelined), calls <paramref name="factory"/> once
    /// with the distinct misses only, and writes what it returns in one pipeline.
    /// </summary>
    /// <param name="ids">The ids; duplicates are read once.</param>
    /// <param name="keyFor">The full key of one id.</param>
    /// <param name="tagsFor">The tags of one id's entry, or null for untagged entries.</param>
    /// <param name="policy">How to store the values.</param>
    /// <param name="state">Passed to <paramref name="factory"/>.</param>
    /// <param name="factory">Loads the misses; ids it leaves out are not cached.</param>
    /// <param name="cancellationToken">Cancels the wait for the cache and the factory.</param>
    ValueTask<IReadOnlyDictionary<TId, T>> GetOrCreateManyAsync<TId, TState, T>(
        IEnumerable<TId> ids, Func<TId, string> keyFor, Func<TId, string[]?>? tagsFor, CachePolicy<T> policy, TState state,
        Func<TState, IReadOnlyList<TId>, CancellationToken, ValueTask<IReadOnlyDictionary<TId, T>>> factory,
        CancellationToken cancellationToken = default)
        where TId : notnull;

    /// <summary>
    /// Cache warming: loads each item through <paramref name="factory"/>, in batches, and writes each batch in one
    /// pipeline. Returns how many entries were stored.
    /// </summary>
    ValueTask<int> WarmAsync<TItem, TState, T>(
        IEnumerable<TItem> items, Func<TItem, string> keyFor, Func<TItem, string[]?>? tagsFor, CachePolicy<T> policy, TState state,
        Func<TState, TItem, CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one field of a hash-layout entry (<c>Layout = Hash</c>, <see cref="CachePolicy{T}.HashMapper"/>): the
    /// field and the entry's header in one HMGET, so a stale, foreign or other-schema entry is a miss as for a whole
    /// read. On a hit, the value is the field's text (<see cref="StackExchange.Redis.RedisValue.Null"/> for a null property), to be read
    /// with <see cref="HashFields"/>. A cached null value has no fields: it is <see cref="CacheEntryStatus.Missing"/>.
    /// </summary>
    /// <param name="key">The full key.</param>
    /// <param name="policy">The policy of the method that caches the entry.</param>
    /// <param name="field">The field's index in <see cref="ICacheHashMapper{T}.Fields"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    ValueTask<CacheLookup<StackExchange.Redis.RedisValue>> TryGetHashFieldAsync<T>(string key, CachePolicy<T> policy, int field, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues a write-behind call durably (a Redis Stream entry) for a <see cref="WriteBehindWorker"/> to run.
    /// Returns false when Redis did not take it; the caller must then run the call itself.
    /// </summary>
    /// <param name="handlerId">The generated handler's id (<c>Namespace.Type.Method</c>).</param>
    /// <param name="arguments">The arguments, written by <see cref="WriteBehindArguments"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    ValueTask<bool> EnqueueWriteBehindAsync(string handlerId, ReadOnlyMemory<byte> arguments, CancellationToken cancellationToken = default);
}
