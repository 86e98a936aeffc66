using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// <see cref="ICacheStore"/> over one shared StackExchange.Redis <see cref="IConnectionMultiplexer"/>. A cache
/// failure (Redis down, slow, or an unreadable entry) is logged and treated as a miss: the core answers and the
/// caller never sees the failure. Fills are stored by a compare-and-set script, so a fill that read the database
/// before an invalidation or a newer write never overwrites it (see <c>docs/design/tags.md</c>).
/// </summary>
public sealed partial class RedisCacheStore : ICacheStore
{
    private readonly IConnectionMultiplexer _multiplexer;
    private readonly RedisCacheStoreOptions _options;
    private readonly ILogger _logger;
    private readonly RedisCircuit _circuit;

    /// <summary>Creates a store over <paramref name="multiplexer"/>, which the application owns and shares.</summary>
    public RedisCacheStore(IConnectionMultiplexer multiplexer, RedisCacheStoreOptions? options = null, ILogger<RedisCacheStore>? logger = null)
    {
        _multiplexer = multiplexer ?? throw new ArgumentNullException(nameof(multiplexer));
        _options = options ?? new RedisCacheStoreOptions();
        Require(_options.OperationTimeout, nameof(RedisCacheStoreOptions.OperationTimeout));
        Require(_options.InvalidationWindow, nameof(RedisCacheStoreOptions.InvalidationWindow));
        Require(_options.MaxTaggedEntryTtl, nameof(RedisCacheStoreOptions.MaxTaggedEntryTtl));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _circuit = new RedisCircuit(_options, _logger);
        KeyPrefix = NormalizePrefix(_options.KeyPrefix);
    }

    /// <inheritdoc/>
    public string KeyPrefix { get; }

    /// <summary>The connection this store uses.</summary>
    public IConnectionMultiplexer Multiplexer => _multiplexer;

    /// <summary>The settings this store was created with.</summary>
    public RedisCacheStoreOptions Options => _options;

    private IDatabase Database => _multiplexer.GetDatabase(_options.Database);

    private long NowUnixMs => _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private TimeSpan TombstoneTtl => _options.InvalidationWindow + _options.InvalidationWindow;

    private TimeSpan TagStampTtl => _options.MaxTaggedEntryTtl + TombstoneTtl;

    /// <inheritdoc/>
    /// <remarks>
    /// Concurrent misses on <paramref name="key"/> that observed the same state share one call of
    /// <paramref name="factory"/> and its result or exception. <paramref name="cancellationToken"/> ends this
    /// caller's wait only; the factory receives a token cancelled when every waiting caller has cancelled
    /// (<c>docs/design/stampede.md</c>).
    /// </remarks>
    public async ValueTask<T> GetOrCreateAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default)
    {
        var read = await ReadAsync(key, tags, policy, cancellationToken).ConfigureAwait(false);
        if (read.Lookup.IsHit)
        {
            return read.Lookup.Value!;
        }

        // Only a miss looks for a fill in flight: a hit stays one read and no allocation more than before.
        return await SharedFillAsync(key, tags, policy, state, factory, read, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Not shared with concurrent misses: waiting for another caller's fill would block this thread on work it does
    /// not run, and waiting for an asynchronous fill would be sync-over-async. Each synchronous miss calls its core.
    /// </remarks>
    public T GetOrCreate<TState, T>(string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, T> factory)
    {
        var started = Stopwatch.GetTimestamp();
        RedisValue stored;
        ulong? digest;
        try
        {
            (stored, digest) = _circuit.Run(static s => s.Store.ReadEntry(s.Key, s.Tags), (Store: this, Key: key, Tags: tags));
        }
        catch (Exception ex) when (IsCacheFailure(ex, CancellationToken.None))
        {
            LogReadFailed(key, policy.Name, ex);
            return factory(state);
        }

        var lookup = Decode(key, stored, policy, digest);
        if (lookup.IsHit)
        {
            return lookup.Value!;
        }

        var value = factory(state);
        if (FillEntry(key, tags, value, policy, new FillRead<T>(lookup, stored, digest, started, Succeeded: true), out var entry, out var expiry))
        {
            try
            {
                _circuit.Run(
                    static s => s.Database.ScriptEvaluate(FillScript.Text, [s.Key], [FillScript.Observed(s.Stored), s.Entry, (long)s.Expiry.TotalMilliseconds]),
                    (Database, Key: (RedisKey)key, Stored: stored, Entry: entry, Expiry: expiry));
            }
            catch (Exception ex) when (IsCacheFailure(ex, CancellationToken.None))
            {
                LogWriteFailed(key, policy.Name, ex);
            }
        }

        return value;
    }

    /// <inheritdoc/>
    public async ValueTask<CacheLookup<T>> TryGetAsync<T>(string key, string[]? tags, CachePolicy<T> policy, CancellationToken cancellationToken = default)
        => (await ReadAsync(key, tags, policy, cancellationToken).ConfigureAwait(false)).Lookup;

    /// <inheritdoc/>
    public async ValueTask<T> RefreshAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default)
    {
        // Never joins a fill in flight: that fill may have read the database before this call, and a refresh must
        // return and store state at least as new as its own start. Observe the key first, so a write that lands
        // while the core runs still wins over this older read.
        var read = await ReadAsync(key, tags, policy, cancellationToken).ConfigureAwait(false);
        var value = await factory(state, cancellationToken).ConfigureAwait(false);
        await StoreFillAsync(key, tags, value, policy, read, CancellationToken.None).ConfigureAwait(false);
        return value;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> SetAsync<T>(string key, string[]? tags, T value, CachePolicy<T> policy, CancellationToken cancellationToken = default)
    {
        try
        {
            var digest = tags is { Length: > 0 }
                ? await _circuit.RunAsync(static s => s.Store.ReadTagDigestAsync(s.Tags), (Store: this, Tags: tags), cancellationToken).ConfigureAwait(false)
                : (ulong?)null;
            var entry = Encode(value, policy, digest, out var expiry);
            if (entry is not null
                && await _circuit.RunAsync(static s => s.Database.StringSetAsync(s.Key, s.Entry, s.Expiry), (Database, Key: (RedisKey)key, Entry: entry, Expiry: expiry), cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogWriteFailed(key, policy.Name, ex);
        }

        // The newest state could not be stored: an older value under the key must not be served any more.
        await InvalidateAsync(key, CancellationToken.None).ConfigureAwait(false);
        return false;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> InvalidateAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            // A marker rather than a delete: a fill that observed the old state sees the key changed and drops its value.
            return await _circuit.RunAsync(
                static s => s.Database.StringSetAsync(s.Key, CacheEntryCodec.Tombstone(), s.Ttl), (Database, Key: (RedisKey)key, Ttl: TombstoneTtl), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RedisServerException) when (!cancellationToken.IsCancellationRequested)
        {
            // Redis answered but refused the marker, most often OOM (maxmemory with noeviction refuses every SET
            // but still allows DEL), which is also when a write-through's SET failed. Delete the entry instead, so the
            // older value is not served; a fill that observed it still finds the key changed and drops its value.
            return await DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            // Logged even when the breaker refused it: the entry may be served stale until it expires.
            CacheLog.InvalidateFailed(_logger, key, ex);
            return false;
        }
    }

    // The fallback of InvalidateAsync when Redis refuses the marker.
    private async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _circuit.RunAsync(static s => s.Database.KeyDeleteAsync(s.Key), (Database, Key: (RedisKey)key), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            CacheLog.InvalidateFailed(_logger, key, ex);
            return false;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        var stampKey = TagStamps.Key(KeyPrefix, tag);
        try
        {
            return await _circuit.RunAsync(
                static s => s.Database.StringSetAsync(s.Key, TagStamps.NewStamp(), s.Ttl), (Database, Key: (RedisKey)stampKey, Ttl: TagStampTtl), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            CacheLog.InvalidateTagFailed(_logger, tag, ex);
            return false;
        }
    }

    // What a read observed, so that the fill after a miss can compare-and-set against it.
    private readonly record struct FillRead<T>(CacheLookup<T> Lookup, RedisValue Observed, ulong? Digest, long StartedTimestamp, bool Succeeded);

    private async ValueTask<FillRead<T>> ReadAsync<T>(string key, string[]? tags, CachePolicy<T> policy, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        RedisValue stored;
        ulong? digest = null;
        try
        {
            if (tags is { Length: > 0 })
            {
                // The entry and its tags' stamps in one round trip: one MGET on a single server, one per slot on a cluster.
                var values = await _circuit.RunAsync(static s => s.Store.MultiGetAsync(s.Keys), (Store: this, Keys: EntryAndStampKeys(key, tags)), cancellationToken).ConfigureAwait(false);
                stored = values[0];
                digest = TagStamps.Digest(tags, values.AsSpan(1));
            }
            else
            {
                stored = await _circuit.RunAsync(static s => s.Database.StringGetAsync(s.Key), (Database, Key: (RedisKey)key), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogReadFailed(key, policy.Name, ex);
            return new FillRead<T>(new CacheLookup<T>(CacheEntryStatus.Missing, default), RedisValue.Null, null, started, Succeeded: false);
        }

        return new FillRead<T>(Decode(key, stored, policy, digest), stored, digest, started, Succeeded: true);
    }

    private async Task<ulong> ReadTagDigestAsync(string[] tags)
    {
        var keys = EntryAndStampKeys(null, tags);
        var stamps = await MultiGetAsync(keys).ConfigureAwait(false);
        return TagStamps.Digest(tags, stamps);
    }

    // The synchronous read of an entry and its tags' stamps: one MGET on a single server; on a cluster, where the
    // stamps live in other slots, one GET each.
    private (RedisValue Entry, ulong? Digest) ReadEntry(string key, string[]? tags)
    {
        var database = Database;
        if (tags is not { Length: > 0 })
        {
            return (database.StringGet(key), null);
        }

        var keys = EntryAndStampKeys(key, tags);
        RedisValue[] values;
        if (IsCluster)
        {
            values = new RedisValue[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                values[i] = database.StringGet(keys[i]);
            }
        }
        else
        {
            values = database.StringGet(keys);
        }

        return (values[0], TagStamps.Digest(tags, values.AsSpan(1)));
    }

    // The entry's key (when given) followed by the stamp key of each tag.
    private RedisKey[] EntryAndStampKeys(string? key, string[] tags)
    {
        var offset = key is null ? 0 : 1;
        var keys = new RedisKey[tags.Length + offset];
        if (key is not null)
        {
            keys[0] = key;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            keys[i + offset] = TagStamps.Key(KeyPrefix, tags[i]);
        }

        return keys;
    }

    private async ValueTask StoreFillAsync<T>(string key, string[]? tags, T value, CachePolicy<T> policy, FillRead<T> read, CancellationToken cancellationToken)
    {
        if (!FillEntry(key, tags, value, policy, read, out var entry, out var expiry))
        {
            return;
        }

        try
        {
            await _circuit.RunAsync(
                static s => s.Database.ScriptEvaluateAsync(FillScript.Text, [s.Key], [FillScript.Observed(s.Observed), s.Entry, (long)s.Expiry.TotalMilliseconds]),
                (Database, Key: (RedisKey)key, read.Observed, Entry: entry, Expiry: expiry), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogWriteFailed(key, policy.Name, ex);
        }
    }

    // Whether a fill may be stored, and its bytes. Not after a failed read: what it would replace is unknown. Not
    // after a fill slower than the invalidation window: an invalidation's marker may already be gone.
    private bool FillEntry<T>(string key, string[]? tags, T value, CachePolicy<T> policy, FillRead<T> read, out byte[] entry, out TimeSpan expiry)
    {
        entry = [];
        expiry = default;
        if (!read.Succeeded)
        {
            return false;
        }

        if (Stopwatch.GetElapsedTime(read.StartedTimestamp) > _options.InvalidationWindow)
        {
            CacheLog.FillTooSlow(_logger, key, policy.Name, _options.InvalidationWindow);
            return false;
        }

        var encoded = Encode(value, policy, tags is { Length: > 0 } ? read.Digest : null, out expiry);
        if (encoded is null)
        {
            return false;
        }

        entry = encoded;
        return true;
    }

    private CacheLookup<T> Decode<T>(string key, RedisValue stored, CachePolicy<T> policy, ulong? tagDigest)
    {
        if (stored.IsNull)
        {
            return new CacheLookup<T>(CacheEntryStatus.Missing, default);
        }

        var status = CacheEntryCodec.TryDecode(((ReadOnlyMemory<byte>)stored).Span, policy.Serializer, policy.SchemaHash, NowUnixMs, tagDigest, out var value, out var error);
        if (status is not (CacheEntryStatus.Hit or CacheEntryStatus.Expired or CacheEntryStatus.Invalidated or CacheEntryStatus.TagInvalidated))
        {
            CacheLog.EntryUnreadable(_logger, key, policy.Name, status, error);
        }

        return new CacheLookup<T>(status, value);
    }

    private byte[]? Encode<T>(T value, CachePolicy<T> policy, ulong? tagDigest, out TimeSpan expiry)
    {
        expiry = policy.NextExpiry(value);
        if (expiry <= TimeSpan.Zero)
        {
            // The policy's adaptive TTL said "do not cache this value".
            return null;
        }

        if (tagDigest is not null && expiry > _options.MaxTaggedEntryTtl)
        {
            // A tagged entry must die before the stamp of an invalidation that happened after it was written.
            expiry = _options.MaxTaggedEntryTtl;
        }

        try
        {
            return CacheEntryCodec.Encode(value, policy.Serializer, policy.SchemaHash, NowUnixMs + (long)expiry.TotalMilliseconds, tagDigest);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CacheLog.SerializeFailed(_logger, policy.Name, ex);
            return null;
        }
    }

    private static void Require(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, name + " must be positive.");
        }
    }

    // A read or a fill the open breaker skipped is not logged one by one: the breaker logged once that it opened.
    private void LogReadFailed(string key, string method, Exception ex)
    {
        if (!RedisCircuit.IsRejection(ex))
        {
            CacheLog.ReadFailed(_logger, key, method, ex);
        }
    }

    private void LogWriteFailed(string key, string method, Exception ex)
    {
        if (!RedisCircuit.IsRejection(ex))
        {
            CacheLog.WriteFailed(_logger, key, method, ex);
        }
    }

    // Anything Redis or the timeout throws is a cache failure; the caller's own cancellation is not.
    private static bool IsCacheFailure(Exception ex, CancellationToken callerToken)
        => !(ex is OperationCanceledException && callerToken.IsCancellationRequested);

    private static string NormalizePrefix(string? prefix)
        => string.IsNullOrEmpty(prefix) ? "" : prefix.EndsWith(':') ? prefix : prefix + ":";
}
