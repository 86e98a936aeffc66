using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// <see cref="IBufferDistributedCache"/> (and so <see cref="IDistributedCache"/>) over a <see cref="RedisCacheStore"/>'s
/// connection, database and key prefix, so HybridCache, ASP.NET Core sessions and output caching keep their data in
/// the same Redis as the generated caches. Absolute, relative and sliding expirations; a read re-arms a sliding
/// entry's TTL atomically (<see cref="DistributedCacheScripts"/>).
/// </summary>
/// <remarks>
/// Failures are thrown, as the <see cref="IDistributedCache"/> convention (and Microsoft's Redis cache) has it: the
/// caller decides. HybridCache tolerates a failing L2 (it logs and goes on with L1 and the factory); session middleware
/// fails the request's session load or commit. Calls go through the store's circuit breaker and operation timeout, so
/// while Redis is down they fail at once instead of waiting for the client's timeout. The synchronous methods use the
/// synchronous client API (no sync-over-async).
/// </remarks>
public sealed class RedisDistributedCache : IBufferDistributedCache
{
    private static readonly RedisValue ReturnData = "1";
    private static readonly RedisValue RefreshOnly = "0";

    private readonly RedisCacheStore _store;

    /// <summary>Creates a cache over <paramref name="store"/>; keys are stored under its <see cref="RedisCacheStore.KeyPrefix"/>.</summary>
    public RedisDistributedCache(RedisCacheStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc/>
    public byte[]? Get(string key)
        => (byte[]?)_store.EvaluateGuarded(DistributedCacheScripts.GetAndRefresh, Keys(key), [ReturnData]);

    /// <inheritdoc/>
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
        => (byte[]?)await _store.EvaluateGuardedAsync(DistributedCacheScripts.GetAndRefresh, Keys(key), [ReturnData], token).ConfigureAwait(false);

    /// <inheritdoc/>
    public bool TryGet(string key, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return CopyTo(_store.EvaluateGuarded(DistributedCacheScripts.GetAndRefresh, Keys(key), [ReturnData]), destination);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var result = await _store.EvaluateGuardedAsync(DistributedCacheScripts.GetAndRefresh, Keys(key), [ReturnData], token).ConfigureAwait(false);
        return CopyTo(result, destination);
    }

    /// <inheritdoc/>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        _store.EvaluateGuarded(DistributedCacheScripts.Set, Keys(key), SetArguments(value, options));
    }

    /// <inheritdoc/>
    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        await _store.EvaluateGuardedAsync(DistributedCacheScripts.Set, Keys(key), SetArguments(value, options), token).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options)
        => _store.EvaluateGuarded(DistributedCacheScripts.Set, Keys(key), SetArguments(Contiguous(value), options));

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default)
        // The memory is only read until the call completes, which is awaited here: the caller may reuse it afterwards.
        => await _store.EvaluateGuardedAsync(DistributedCacheScripts.Set, Keys(key), SetArguments(Contiguous(value), options), token).ConfigureAwait(false);

    /// <inheritdoc/>
    public void Refresh(string key)
        => _store.EvaluateGuarded(DistributedCacheScripts.GetAndRefresh, Keys(key), [RefreshOnly]);

    /// <inheritdoc/>
    public async Task RefreshAsync(string key, CancellationToken token = default)
        => await _store.EvaluateGuardedAsync(DistributedCacheScripts.GetAndRefresh, Keys(key), [RefreshOnly], token).ConfigureAwait(false);

    /// <inheritdoc/>
    public void Remove(string key) => _store.DeleteGuarded(FullKey(key));

    /// <inheritdoc/>
    public async Task RemoveAsync(string key, CancellationToken token = default)
        => await _store.DeleteGuardedAsync(FullKey(key), token).ConfigureAwait(false);

    private RedisKey[] Keys(string key) => [FullKey(key)];

    private RedisKey FullKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _store.KeyPrefix + key;
    }

    private static bool CopyTo(RedisResult result, IBufferWriter<byte> destination)
    {
        if (result.IsNull)
        {
            return false;
        }

        // The reply's own array, viewed without another copy, then written once into the caller's buffer.
        ReadOnlyMemory<byte> data = (RedisValue)result;
        destination.Write(data.Span);
        return true;
    }

    private static RedisValue Contiguous(ReadOnlySequence<byte> value)
        => value.IsSingleSegment ? value.First : value.ToArray();

    private RedisValue[] SetArguments(RedisValue data, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        long absolute = 0;
        var relative = options.AbsoluteExpirationRelativeToNow is { } r ? Milliseconds(r) : 0;
        if (relative == 0 && options.AbsoluteExpiration is { } at)
        {
            // The same check (and message) as Microsoft's caches; the entry's TTL is then measured on the Redis clock.
            if (at <= _store.Options.TimeProvider.GetUtcNow())
            {
                throw new ArgumentOutOfRangeException(nameof(options), at, "The absolute expiration value must be in the future.");
            }

            absolute = at.ToUnixTimeMilliseconds();
        }

        var sliding = options.SlidingExpiration is { } s ? Milliseconds(s) : 0;
        return [data, sliding, absolute, relative];
    }

    // Whole milliseconds, rounded up so a sub-millisecond expiry does not become "none".
    private static long Milliseconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMilliseconds));
}
