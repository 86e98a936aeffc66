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
    private readonly RepeatedLogLimiter _repeats;
    private readonly PendingInvalidations _pendingInvalidations;

    /// <summary>Creates a store over <paramref name="multiplexer"/>, which the application owns and shares.</summary>
    public RedisCacheStore(IConnectionMultiplexer multiplexer, RedisCacheStoreOptions? options = null, ILogger<RedisCacheStore>? logger = null)
    {
        _multiplexer = multiplexer ?? throw new ArgumentNullException(nameof(multiplexer));
        _options = options ?? new RedisCacheStoreOptions();
        if (_options.OperationTimeout is { } operationTimeout)
        {
            Require(operationTimeout, nameof(RedisCacheStoreOptions.OperationTimeout));
        }

        EffectiveOperationTimeout = _options.OperationTimeout ?? MultiplexerAsyncTimeout(multiplexer);
        Require(_options.InvalidationWindow, nameof(RedisCacheStoreOptions.InvalidationWindow));
        Require(_options.MaxTaggedEntryTtl, nameof(RedisCacheStoreOptions.MaxTaggedEntryTtl));
        Require(_options.DefaultTtl, nameof(RedisCacheStoreOptions.DefaultTtl));
        if (_options.DefaultJitter < TimeSpan.Zero || _options.DefaultJitter >= _options.DefaultTtl)
        {
            throw new ArgumentOutOfRangeException(nameof(RedisCacheStoreOptions.DefaultJitter), _options.DefaultJitter, "DefaultJitter must be zero or more and less than DefaultTtl.");
        }
        if (_options.RepeatedFailureLogInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RedisCacheStoreOptions.RepeatedFailureLogInterval), _options.RepeatedFailureLogInterval, "RepeatedFailureLogInterval must not be negative.");
        }

        if (_options.MaxPendingInvalidations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RedisCacheStoreOptions.MaxPendingInvalidations), _options.MaxPendingInvalidations, "MaxPendingInvalidations must be zero (no replay) or more.");
        }

        _pendingInvalidations = new PendingInvalidations(_options.MaxPendingInvalidations);
        _repeats = new RepeatedLogLimiter(_options.RepeatedFailureLogInterval, _options.TimeProvider);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _circuit = new RedisCircuit(_options, _logger, _multiplexer);
        _metrics = CacheMetrics.For(_options.MeterFactory);
        _distributedFill = DistributedFillSettings.From(_options.DistributedFill);
        KeyPrefix = NormalizePrefix(_options.KeyPrefix);
    }

    /// <inheritdoc/>
    public string KeyPrefix { get; }

    /// <summary>The connection this store uses.</summary>
    public IConnectionMultiplexer Multiplexer => _multiplexer;

    /// <summary>
    /// How long an asynchronous Redis call may take: <see cref="RedisCacheStoreOptions.OperationTimeout"/>, or else the
    /// multiplexer's own <c>asyncTimeout</c>. Multi-step work (write-behind, probes) bounds its steps by it.
    /// </summary>
    public TimeSpan EffectiveOperationTimeout { get; }

    /// <summary>The settings this store was created with.</summary>
    public RedisCacheStoreOptions Options => _options;

    internal IDatabase Database => _multiplexer.GetDatabase(_options.Database);

    private long NowUnixMs => _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private TimeSpan TombstoneTtl => _options.InvalidationWindow + _options.InvalidationWindow;

    private TimeSpan TagStampTtl => _options.MaxTaggedEntryTtl + TombstoneTtl;

    /// <inheritdoc/>
    /// <remarks>
    /// Concurrent misses on <paramref name="key"/> that observed the same state share one call of
    /// <paramref name="factory"/> and its result or exception. <paramref name="cancellationToken"/> ends this
    /// caller's wait only; the factory receives a token cancelled when every waiting caller has cancelled
    /// (<c>docs/design/stampede.md</c>). With the policy's fail-safe, a miss on an expired entry still inside its
    /// fail-safe window returns that stale value when the factory throws or outlasts the soft or hard timeout
    /// (<c>docs/design/failsafe.md</c>).
    /// </remarks>
    public async ValueTask<T> GetOrCreateAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default)
    {
        var read = await ReadAsync(key, tags, policy, cancellationToken).ConfigureAwait(false);
        if (read.Lookup.IsHit)
        {
            _metrics.L2Hit(policy.Telemetry);
            // One field test when refresh-ahead is off: the benchmarked hit path does no more than before.
            if (policy.RefreshAhead > 0 && IsRefreshDue(read.Observed))
            {
                // Past the policy's refresh-ahead point: one background refresh per key; this hit returns at once.
                StartRefreshAhead(key, tags, policy, state, factory, read);
            }

            return read.Lookup.Value!;
        }

        // Only a miss looks for a fill in flight: a hit stays one read and no allocation more than before.
        return await SharedFillAsync(key, tags, policy, state, factory, read, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Not shared with concurrent misses: waiting for another caller's fill would block this thread on work it does
    /// not run, and waiting for an asynchronous fill would be sync-over-async. Each synchronous miss calls its core.
    /// Fail-safe applies when the core throws; the soft and hard timeouts and refresh-ahead do not (they need the
    /// core to go on without the caller, which a synchronous core cannot).
    /// </remarks>
    public T GetOrCreate<TState, T>(string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, T> factory)
    {
        HashLayoutUnsupported(policy);
        var started = Stopwatch.GetTimestamp();
        RedisValue stored;
        ulong? digest;
        try
        {
            (stored, digest) = _circuit.Run(static s => s.Store.ReadEntry(s.Key, s.Tags), (Store: this, Key: key, Tags: tags));
        }
        catch (RedisServerException ex) when (IsWrongType(ex))
        {
            // As in ReadAsync: another application's hash, list or set under the key. The sentinel decodes as Foreign
            // (a miss, logged once) and makes the fill replace that key.
            (stored, digest) = (FillScript.OtherType, null);
        }
        catch (Exception ex) when (IsCacheFailure(ex, CancellationToken.None))
        {
            LogReadFailed(key, policy.Telemetry, ex);
            _metrics.L2Miss(policy.Telemetry, redisAnswered: false);
            return CallCore(policy.Telemetry, state, factory);
        }

        _metrics.RedisRead(policy.Telemetry, started);
        var lookup = Decode(key, stored, policy, digest);
        if (lookup.IsHit)
        {
            _metrics.L2Hit(policy.Telemetry);
            return lookup.Value!;
        }

        if (!TryCallCore(key, policy, state, factory, lookup, stored, digest, out var value))
        {
            // The core threw and a stale value was at hand (fail-safe): serve it, store nothing.
            return value;
        }

        if (FillEntry(key, tags, value, policy, new FillRead<T>(lookup, stored, digest, started, Succeeded: true), out var entry, out var expiry))
        {
            var writing = Stopwatch.GetTimestamp();
            try
            {
                _metrics.FillWritten(policy.Telemetry, writing, _circuit.Run(
                    static s => FillScript.Store(s.Database, s.Key, s.Stored, s.Entry, s.Expiry),
                    (Database, Key: (RedisKey)key, Stored: stored, Entry: entry, Expiry: expiry)));
            }
            catch (Exception ex) when (IsCacheFailure(ex, CancellationToken.None))
            {
                LogWriteFailed(key, policy.Telemetry, ex);
            }
        }

        return value;
    }

    /// <inheritdoc/>
    public async ValueTask<CacheLookup<T>> TryGetAsync<T>(string key, string[]? tags, CachePolicy<T> policy, CancellationToken cancellationToken = default)
        => CountLookup(policy, await ReadAsync(key, tags, policy, cancellationToken).ConfigureAwait(false)).Lookup;

    /// <inheritdoc/>
    public async ValueTask<T> RefreshAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default)
    {
        // Never joins a fill in flight: that fill may have read the database before this call, and a refresh must
        // return and store state at least as new as its own start. Observe the key first, so a write that lands
        // while the core runs still wins over this older read.
        var read = await ReadAsync(key, tags, policy, cancellationToken).ConfigureAwait(false);
        var value = await CallCoreAsync(policy.Telemetry, state, factory, cancellationToken).ConfigureAwait(false);
        await StoreFillAsync(key, tags, value, policy, read, CancellationToken.None).ConfigureAwait(false);
        // A refresh replaces a value that L1 copies, here and elsewhere, may still hold.
        await InvalidateLocalAsync(LocalInvalidation.Key, key).ConfigureAwait(false);
        return value;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> SetAsync<T>(string key, string[]? tags, T value, CachePolicy<T> policy, CancellationToken cancellationToken = default)
    {
        if (policy.HashMapper is { } hashMapper)
        {
            return await SetHashAsync(key, tags, value, policy, hashMapper, cancellationToken).ConfigureAwait(false); // Layout = Hash
        }

        try
        {
            var digest = tags is { Length: > 0 }
                ? await _circuit.RunAsync(static s => s.Store.ReadTagDigestAsync(s.Tags), (Store: this, Tags: tags), cancellationToken).ConfigureAwait(false)
                : (ulong?)null;
            var entry = Encode(value, policy, digest, out var expiry);
            if (entry is not null
                && await _circuit.RunAsync(static s => s.Database.StringSetAsync(s.Key, s.Entry, s.Expiry), (Database, Key: (RedisKey)key, Entry: entry, Expiry: expiry), cancellationToken).ConfigureAwait(false))
            {
                // Other processes' L1 copies are older than what was just written.
                await InvalidateLocalAsync(LocalInvalidation.Key, key).ConfigureAwait(false);
                return true;
            }
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogWriteFailed(key, policy.Telemetry, ex);
        }

        // The newest state could not be stored: an older value under the key must not be served any more.
        await InvalidateAsync(key, CancellationToken.None).ConfigureAwait(false);
        return false;
    }

    // The multiplexer's asyncTimeout, read from its configuration (its sync timeout when that cannot be parsed).
    private static TimeSpan MultiplexerAsyncTimeout(IConnectionMultiplexer multiplexer)
    {
        try
        {
            return TimeSpan.FromMilliseconds(ConfigurationOptions.Parse(multiplexer.Configuration).AsyncTimeout);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            return TimeSpan.FromMilliseconds(multiplexer.TimeoutMilliseconds);
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
    // Each is counted, though (cache.errors, error.type the breaker's exception): metrics are not rate-limited.
    private void LogReadFailed(string key, CacheMethodTelemetry method, Exception ex)
    {
        _metrics.Error(method, CacheOperation.Read, ex);
        if (!RedisCircuit.IsRejection(ex))
        {
            if (ShouldLogFailure(CacheLog.ReadFailedId))
            {
                CacheLog.ReadFailed(_logger, key, method.Method, ex);
            }
        }
    }

    private void LogWriteFailed(string key, CacheMethodTelemetry method, Exception ex)
    {
        _metrics.Error(method, CacheOperation.Write, ex);
        if (!RedisCircuit.IsRejection(ex))
        {
            if (ShouldLogFailure(CacheLog.WriteFailedId))
            {
                CacheLog.WriteFailed(_logger, key, method.Method, ex);
            }
        }
    }

    // Redis failures repeat by the thousand during an outage: one line per kind per interval, with the count held back.
    private bool ShouldLogFailure(int eventId)
    {
        if (!_repeats.TryEnter(eventId, out var suppressed))
        {
            return false;
        }

        if (suppressed > 0)
        {
            CacheLog.RepeatsSuppressed(_logger, suppressed, eventId, _options.RepeatedFailureLogInterval);
        }

        return true;
    }

    // Anything Redis or the timeout throws is a cache failure; the caller's own cancellation is not.
    private static bool IsCacheFailure(Exception ex, CancellationToken callerToken)
        => !(ex is OperationCanceledException && callerToken.IsCancellationRequested);

    private static string NormalizePrefix(string? prefix)
        => string.IsNullOrEmpty(prefix) ? "" : prefix.EndsWith(':') ? prefix : prefix + ":";
}
