using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

// Metrics and traces (docs/operations.md, "Metrics and traces"): every core call goes through here, so it is timed,
// traced and its failures counted in one place; with nobody listening it is the core's own call, nothing added.
public sealed partial class RedisCacheStore
{
    private readonly CacheMetrics _metrics;

    CacheMetrics ILocalCacheHost.Metrics => _metrics;

    // The core of a miss, a refresh, a batch or a warm-up. Unobserved: the core's own ValueTask, no state machine.
    private ValueTask<TResult> CallCoreAsync<TState, TResult>(
        CacheMethodTelemetry method, TState state, Func<TState, CancellationToken, ValueTask<TResult>> core, CancellationToken cancellationToken)
        => _metrics.ObservesCore ? ObservedCoreAsync(method, state, core, cancellationToken) : core(state, cancellationToken);

    // The activity starts here, inside an async method, so it is Activity.Current for the core (whose own spans become
    // its children) and the caller's Activity.Current is left as it was when this returns.
    private async ValueTask<TResult> ObservedCoreAsync<TState, TResult>(
        CacheMethodTelemetry method, TState state, Func<TState, CancellationToken, ValueTask<TResult>> core, CancellationToken cancellationToken)
    {
        var activity = CacheMetrics.StartCore(method);
        var started = Stopwatch.GetTimestamp();
        TResult value;
        try
        {
            value = await core(state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _metrics.CoreFailed(method, started, activity, ex);
            throw;
        }

        _metrics.CoreSucceeded(method, started, activity);
        return value;
    }

    // The synchronous core; stopping the activity makes its parent Activity.Current again.
    private T CallCore<TState, T>(CacheMethodTelemetry method, TState state, Func<TState, T> core)
    {
        if (!_metrics.ObservesCore)
        {
            return core(state);
        }

        var activity = CacheMetrics.StartCore(method);
        var started = Stopwatch.GetTimestamp();
        T value;
        try
        {
            value = core(state);
        }
        catch (Exception ex)
        {
            _metrics.CoreFailed(method, started, activity, ex);
            throw;
        }

        _metrics.CoreSucceeded(method, started, activity);
        return value;
    }

    // One lookup of a caller that reads without a core (TryGetAsync): a hit, or a miss (error when Redis failed).
    private FillRead<T> CountLookup<T>(CachePolicy<T> policy, FillRead<T> read)
    {
        if (read.Lookup.IsHit)
        {
            _metrics.L2Hit(policy.Telemetry);
        }
        else
        {
            _metrics.L2Miss(policy.Telemetry, read.Succeeded);
        }

        return read;
    }
}
