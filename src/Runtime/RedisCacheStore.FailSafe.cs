using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

// Fail-safe: a miss that read a stale value (an expired entry still inside the policy's fail-safe window) falls back
// on it when the core fails, or is slower than the soft or hard timeout (see docs/design/failsafe.md).
public sealed partial class RedisCacheStore
{
    // Waits for a shared fill as this caller: with no stale value, exactly as any miss; with one, the core's exception
    // or its timeout gives the stale value instead. The caller's own cancellation always wins.
    private async ValueTask<T> WaitForFillAsync<T>(string key, CachePolicy<T> policy, FillFlight<T> flight, FillRead<T> read, CancellationToken cancellationToken)
    {
        if (!TryGetStale(policy, read.Lookup.Status, read.Observed, read.Digest, out var stale))
        {
            // Nothing to fall back on: the timeouts do not apply, the caller waits for the core (or its exception).
            _metrics.L2Miss(policy.Telemetry, read.Succeeded);
            return await flight.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var timeout = StaleTimeout(policy);
            if (timeout <= TimeSpan.Zero)
            {
                return _metrics.Missed(policy.Telemetry, await flight.WaitAsync(cancellationToken).ConfigureAwait(false));
            }

            var (completed, value) = await flight.TryWaitAsync(timeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            if (completed)
            {
                return _metrics.Missed(policy.Telemetry, value!);
            }

            // The fill goes on (this caller stays counted, so it is never cancelled) and stores its value when done.
            CacheLog.StaleServedOnTimeout(_logger, key, policy.Name, timeout);
            return _metrics.Stale(policy.Telemetry, stale);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The core failed: nothing was stored, the stale entry stays for the next caller (and the next core call).
            CacheLog.StaleServedOnFailure(_logger, key, policy.Name, ex);
            return _metrics.Stale(policy.Telemetry, stale);
        }
    }

    // The synchronous miss. Returns false when the core threw and a stale value was at hand: the caller returns the
    // stale value in value and stores nothing (a stale value must never be written back as a fresh entry).
    private bool TryCallCore<TState, T>(
        string key, CachePolicy<T> policy, TState state, Func<TState, T> factory, CacheLookup<T> lookup, RedisValue observed, ulong? digest, out T value)
    {
        if (!TryGetStale(policy, lookup.Status, observed, digest, out var stale))
        {
            _metrics.L2Miss(policy.Telemetry, redisAnswered: true);
            value = CallCore(policy.Telemetry, state, factory);
            return true;
        }

        try
        {
            value = _metrics.Missed(policy.Telemetry, CallCore(policy.Telemetry, state, factory));
            return true;
        }
        catch (Exception ex)
        {
            CacheLog.StaleServedOnFailure(_logger, key, policy.Name, ex);
            value = _metrics.Stale(policy.Telemetry, stale);
            return false;
        }
    }

    // The stale value a miss may fall back on: decoded again from the bytes its read observed, and only on a miss of
    // a policy with fail-safe, so hits pay nothing for it (no extra field, no extra work). The decoder gives a value
    // only for an expired entry inside the window that passes every other check: never for an invalidation's
    // marker, an entry whose tag was invalidated, another schema, or a corrupt payload.
    private bool TryGetStale<T>(CachePolicy<T> policy, CacheEntryStatus status, RedisValue observed, ulong? digest, out T stale)
    {
        stale = default!;
        if (status != CacheEntryStatus.Expired || policy.FailSafe <= TimeSpan.Zero || observed.IsNull)
        {
            return false;
        }

        CacheEntryCodec.TryDecode(
            ((ReadOnlyMemory<byte>)observed).Span, policy.Serializer, policy.SchemaHash, NowUnixMs, (long)policy.FailSafe.TotalMilliseconds, digest,
            out var value, out var isStale, out _, out _);
        if (!isStale)
        {
            return false;
        }

        stale = value!;
        return true;
    }

    // How long a caller holding a stale value waits for the core: the soft timeout, capped by the hard one; zero
    // when neither is set (wait for the core, fall back only on its exception).
    private static TimeSpan StaleTimeout<T>(CachePolicy<T> policy)
    {
        var soft = policy.SoftTimeout;
        var hard = policy.HardTimeout;
        if (soft <= TimeSpan.Zero)
        {
            return hard;
        }

        return hard > TimeSpan.Zero && hard < soft ? hard : soft;
    }
}
