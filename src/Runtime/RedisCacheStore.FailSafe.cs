using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

// Fail-safe: a miss that read a stale value (an expired entry still inside the policy's fail-safe window) falls back
// on it when the core fails, or is slower than the soft or hard timeout (see docs/design/failsafe.md).
public sealed partial class RedisCacheStore
{
    // Waits for a shared fill as this caller: with no stale value, exactly as any miss; with one, the core's exception
    // or its timeout gives the stale value instead. The caller's own cancellation always wins.
    private async ValueTask<T> WaitForFillAsync<T>(string key, CachePolicy<T> policy, FillFlight<T> flight, FillRead<T> read, CancellationToken cancellationToken)
    {
        if (!read.Extras.HasStale)
        {
            // Nothing to fall back on: the timeouts do not apply, the caller waits for the core (or its exception).
            return await flight.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var timeout = StaleTimeout(policy);
            if (timeout <= TimeSpan.Zero)
            {
                return await flight.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var (completed, value) = await flight.TryWaitAsync(timeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            if (completed)
            {
                return value!;
            }

            // The fill goes on (this caller stays counted, so it is never cancelled) and stores its value when done.
            CacheLog.StaleServedOnTimeout(_logger, key, policy.Name, timeout);
            return read.Extras.Stale!;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The core failed: nothing was stored, the stale entry stays for the next caller (and the next core call).
            CacheLog.StaleServedOnFailure(_logger, key, policy.Name, ex);
            return read.Extras.Stale!;
        }
    }

    // The synchronous miss: the core's exception gives the stale value when there is one. Returns false then.
    private bool TryCallCore<TState, T>(string key, CachePolicy<T> policy, TState state, Func<TState, T> factory, ReadExtras<T> extras, out T value)
    {
        if (!extras.HasStale)
        {
            value = factory(state);
            return true;
        }

        try
        {
            value = factory(state);
            return true;
        }
        catch (Exception ex)
        {
            CacheLog.StaleServedOnFailure(_logger, key, policy.Name, ex);
            value = default!;
            return false;
        }
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
