using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// <see cref="ICacheStore"/> over one shared StackExchange.Redis <see cref="IConnectionMultiplexer"/>. A cache
/// failure (Redis down, slow, or an unreadable entry) is logged and treated as a miss: the core answers and the
/// caller never sees the failure.
/// </summary>
public sealed class RedisCacheStore : ICacheStore
{
    private readonly IConnectionMultiplexer _multiplexer;
    private readonly RedisCacheStoreOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a store over <paramref name="multiplexer"/>, which the application owns and shares.</summary>
    public RedisCacheStore(IConnectionMultiplexer multiplexer, RedisCacheStoreOptions? options = null, ILogger<RedisCacheStore>? logger = null)
    {
        _multiplexer = multiplexer ?? throw new ArgumentNullException(nameof(multiplexer));
        _options = options ?? new RedisCacheStoreOptions();
        if (_options.OperationTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.OperationTimeout, "OperationTimeout must be positive.");
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
        KeyPrefix = NormalizePrefix(_options.KeyPrefix);
    }

    /// <inheritdoc/>
    public string KeyPrefix { get; }

    private IDatabase Database => _multiplexer.GetDatabase(_options.Database);

    private long NowUnixMs => _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc/>
    public async ValueTask<T> GetOrCreateAsync<TState, T>(
        string key, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default)
    {
        var lookup = await TryGetAsync(key, policy, cancellationToken).ConfigureAwait(false);
        if (lookup.IsHit)
        {
            return lookup.Value!;
        }

        var value = await factory(state, cancellationToken).ConfigureAwait(false);
        // The value is computed: store it even if the caller cancels now, so the work is not wasted.
        await SetAsync(key, value, policy, CancellationToken.None).ConfigureAwait(false);
        return value;
    }

    /// <inheritdoc/>
    public T GetOrCreate<TState, T>(string key, CachePolicy<T> policy, TState state, Func<TState, T> factory)
    {
        RedisValue stored;
        try
        {
            stored = Database.StringGet(key);
        }
        catch (Exception ex) when (IsCacheFailure(ex, CancellationToken.None))
        {
            CacheLog.ReadFailed(_logger, key, policy.Name, ex);
            return factory(state);
        }

        var lookup = Decode(key, stored, policy);
        if (lookup.IsHit)
        {
            return lookup.Value!;
        }

        var value = factory(state);
        var entry = Encode(value, policy, out var expiry);
        if (entry is not null)
        {
            try
            {
                Database.StringSet(key, entry, expiry);
            }
            catch (Exception ex) when (IsCacheFailure(ex, CancellationToken.None))
            {
                CacheLog.WriteFailed(_logger, key, policy.Name, ex);
            }
        }

        return value;
    }

    /// <inheritdoc/>
    public async ValueTask<CacheLookup<T>> TryGetAsync<T>(string key, CachePolicy<T> policy, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisValue stored;
        try
        {
            stored = await Database.StringGetAsync(key).WaitAsync(_options.OperationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            CacheLog.ReadFailed(_logger, key, policy.Name, ex);
            return new CacheLookup<T>(CacheEntryStatus.Missing, default);
        }

        return Decode(key, stored, policy);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> SetAsync<T>(string key, T value, CachePolicy<T> policy, CancellationToken cancellationToken = default)
    {
        var entry = Encode(value, policy, out var expiry);
        if (entry is null)
        {
            return false;
        }

        try
        {
            return await Database.StringSetAsync(key, entry, expiry).WaitAsync(_options.OperationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            CacheLog.WriteFailed(_logger, key, policy.Name, ex);
            return false;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await Database.KeyDeleteAsync(key).WaitAsync(_options.OperationTimeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            CacheLog.RemoveFailed(_logger, key, ex);
            return false;
        }
    }

    private CacheLookup<T> Decode<T>(string key, RedisValue stored, CachePolicy<T> policy)
    {
        if (stored.IsNull)
        {
            return new CacheLookup<T>(CacheEntryStatus.Missing, default);
        }

        var status = CacheEntryCodec.TryDecode(((ReadOnlyMemory<byte>)stored).Span, policy.Serializer, policy.SchemaHash, NowUnixMs, out var value, out var error);
        if (status is not (CacheEntryStatus.Hit or CacheEntryStatus.Expired))
        {
            CacheLog.EntryUnreadable(_logger, key, policy.Name, status, error);
        }

        return new CacheLookup<T>(status, value);
    }

    private byte[]? Encode<T>(T value, CachePolicy<T> policy, out TimeSpan expiry)
    {
        expiry = policy.NextExpiry();
        try
        {
            return CacheEntryCodec.Encode(value, policy.Serializer, policy.SchemaHash, NowUnixMs + (long)expiry.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CacheLog.SerializeFailed(_logger, policy.Name, ex);
            return null;
        }
    }

    // Anything Redis or the timeout throws is a cache failure; the caller's own cancellation is not.
    private static bool IsCacheFailure(Exception ex, CancellationToken callerToken)
        => !(ex is OperationCanceledException && callerToken.IsCancellationRequested);

    private static string NormalizePrefix(string? prefix)
        => string.IsNullOrEmpty(prefix) ? "" : prefix.EndsWith(':') ? prefix : prefix + ":";
}
