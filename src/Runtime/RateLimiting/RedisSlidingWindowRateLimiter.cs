using System;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// A sliding-window <see cref="RateLimiter"/> whose window lives in Redis, so every instance of an application that
/// uses the same key shares one limit: at most <see cref="RedisSlidingWindowRateLimiterOptions.PermitLimit"/> permits
/// in any <see cref="RedisSlidingWindowRateLimiterOptions.Window"/>, exactly (a sorted set of grant times, trimmed by
/// <c>ZREMRANGEBYSCORE</c>; see <c>docs/operations.md</c>). Time is Redis's own, so skewed clocks agree.
/// </summary>
/// <remarks>
/// <para><see cref="RateLimiter.AcquireAsync"/> asks Redis (one script call, through the store's circuit breaker and
/// timeout). <see cref="RateLimiter.AttemptAcquire"/> must not block on I/O, so it never grants: it returns a refused
/// lease (with the retry-after Redis last gave, if still ahead) and callers go on to <c>AcquireAsync</c>, as ASP.NET
/// Core's rate-limiting middleware does. <c>AttemptAcquire(0)</c> answers from the last known count.</para>
/// <para>There is no queue (a QueueLimit of 0): a refused lease says when to retry. Cancelling an
/// <c>AcquireAsync</c> ends the wait; the script may still have run and counted the permits.</para>
/// </remarks>
public sealed class RedisSlidingWindowRateLimiter : RateLimiter
{
    // Members must be unique across processes and calls: a random process id plus a per-process call counter.
    private static readonly string Process = Guid.NewGuid().ToString("N");
    private static long _calls;

    private readonly RedisCacheStore _store;
    private readonly RedisKey[] _keys;
    private readonly string _key;
    private readonly int _permitLimit;
    private readonly long _windowMicroseconds;
    private readonly long _windowMilliseconds;
    private readonly RedisRateLimiterFailureMode _failureMode;

    private long _successfulLeases;
    private long _failedLeases;
    private int _availablePermits;
    private long _lastUsed;
    // Stopwatch timestamp before which Redis said the window stays full; 0 when unknown.
    private long _fullUntil;
    private int _disposed;

    /// <summary>Creates a limiter over <paramref name="store"/>'s connection, database and key prefix.</summary>
    public RedisSlidingWindowRateLimiter(RedisCacheStore store, RedisSlidingWindowRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        if (options.PermitLimit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PermitLimit, "PermitLimit must be positive.");
        }

        if (options.Window < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Window, "Window must be at least one millisecond.");
        }

        if (string.IsNullOrEmpty(options.Key))
        {
            throw new ArgumentException("Key must be set: limiters with the same key share one limit.", nameof(options));
        }

        if (options.FailureMode is not (RedisRateLimiterFailureMode.FailOpen or RedisRateLimiterFailureMode.FailClosed))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FailureMode, "FailureMode must be FailOpen or FailClosed.");
        }

        _store = store;
        _key = store.KeyPrefix + options.Key;
        _keys = [_key];
        _permitLimit = options.PermitLimit;
        _windowMicroseconds = options.Window.Ticks / (TimeSpan.TicksPerMillisecond / 1000);
        _windowMilliseconds = (long)Math.Ceiling(options.Window.TotalMilliseconds);
        _failureMode = options.FailureMode;
        _availablePermits = options.PermitLimit;
        _lastUsed = Stopwatch.GetTimestamp();
    }

    /// <summary>The full Redis key of the window (the store's prefix, then the option's key).</summary>
    public string Key => _key;

    /// <summary>
    /// How long since the limiter was last used. The state is in Redis (and expires there), so a partitioned limiter
    /// may dispose an idle partition at any time and lose nothing.
    /// </summary>
    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

    /// <summary>
    /// The successful and failed leases of this instance, and the available permits as the last Redis answer counted
    /// them (other instances may have used some since). The queue is always empty.
    /// </summary>
    public override RateLimiterStatistics? GetStatistics()
    {
        ThrowIfDisposed();
        return new RateLimiterStatistics
        {
            CurrentAvailablePermits = Volatile.Read(ref _availablePermits),
            CurrentQueuedCount = 0,
            TotalSuccessfulLeases = Interlocked.Read(ref _successfulLeases),
            TotalFailedLeases = Interlocked.Read(ref _failedLeases),
        };
    }

    /// <summary>Never calls Redis (see the remarks of the class): a refused lease, or for 0 permits the last known answer.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Validate(permitCount);
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0 && Volatile.Read(ref _availablePermits) > 0)
        {
            return RedisRateLimitLease.Granted;
        }

        var fullUntil = Volatile.Read(ref _fullUntil);
        var now = Stopwatch.GetTimestamp();
        return fullUntil > now
            ? RedisRateLimitLease.RefusedFor(Stopwatch.GetElapsedTime(now, fullUntil))
            : RedisRateLimitLease.Refused;
    }

    /// <summary>Asks Redis for <paramref name="permitCount"/> permits; refused at once (no queue) when the window is full.</summary>
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Validate(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        var call = Interlocked.Increment(ref _calls);
        RedisResult result;
        try
        {
            result = await _store.EvaluateGuardedAsync(
                SlidingWindowScript.Acquire,
                _keys,
                [_windowMicroseconds, _permitLimit, permitCount, Process + ":" + call.ToString(CultureInfo.InvariantCulture) + ":", _windowMilliseconds],
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return OnRedisFailure(permitCount, ex);
        }

        var reply = (RedisResult[])result!;
        var granted = (long)reply[0] == 1;
        var used = (long)reply[1];
        Volatile.Write(ref _availablePermits, (int)Math.Max(0, _permitLimit - used));
        if (granted)
        {
            Interlocked.Increment(ref _successfulLeases);
            return RedisRateLimitLease.Granted;
        }

        Interlocked.Increment(ref _failedLeases);
        var retryAfter = TimeSpan.FromTicks(Math.Max(0, (long)reply[2]) * (TimeSpan.TicksPerMillisecond / 1000));
        Volatile.Write(ref _fullUntil, Stopwatch.GetTimestamp() + (long)(retryAfter.TotalSeconds * Stopwatch.Frequency));
        return RedisRateLimitLease.RefusedFor(retryAfter);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        Interlocked.Exchange(ref _disposed, 1);
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override ValueTask DisposeAsyncCore()
    {
        Interlocked.Exchange(ref _disposed, 1);
        return default;
    }

    private RateLimitLease OnRedisFailure(int permitCount, Exception exception)
    {
        var open = _failureMode == RedisRateLimiterFailureMode.FailOpen;
        // While the breaker is open every call is refused at once; it said so once (event 10), so no line per call.
        if (!RedisCacheStore.IsCircuitRejection(exception))
        {
            var eventId = open ? RateLimiterLog.FailedOpenId : RateLimiterLog.FailedClosedId;
            if (_store.ShouldLogRepeatedFailure(eventId))
            {
                if (open)
                {
                    RateLimiterLog.FailedOpen(_store.Logger, _key, permitCount, exception);
                }
                else
                {
                    RateLimiterLog.FailedClosed(_store.Logger, _key, permitCount, exception);
                }
            }
        }

        if (open)
        {
            Interlocked.Increment(ref _successfulLeases);
            return RedisRateLimitLease.Granted;
        }

        Interlocked.Increment(ref _failedLeases);
        return RedisRateLimitLease.Refused;
    }

    private void Validate(int permitCount)
    {
        if (permitCount < 0 || permitCount > _permitLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"permitCount must be between 0 and the PermitLimit ({_permitLimit}).");
        }

        ThrowIfDisposed();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
}
