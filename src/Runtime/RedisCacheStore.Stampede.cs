using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

// Stampede protection: concurrent misses on one key share one fill (see docs/design/stampede.md).
public sealed partial class RedisCacheStore
{
    // Consulted only after a miss, so hits never touch it. Keyed by the full key; tags and the observed state are
    // checked on the flight, so a caller that cannot share a fill starts its own and takes the slot.
    private readonly ConcurrentDictionary<string, FillFlight> _flights = new(StringComparer.Ordinal);

    /// <summary>Test seam; null in production.</summary>
    internal IFillObserver? FillObserver { get; set; }

    // After a miss: wait for the fill another caller started on the same observed state, or start one.
    private async ValueTask<T> SharedFillAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        FillRead<T> read, CancellationToken cancellationToken)
    {
        FillFlight<T>? mine = null;
        while (true)
        {
            if (_flights.TryGetValue(key, out var existing))
            {
                if (existing is FillFlight<T> flight
                    && flight.Matches(tags, read.Observed, read.Digest, read.Succeeded)
                    && flight.TryJoin())
                {
                    FillObserver?.Joined(key);
                    return await WaitForFillAsync(key, policy, flight, read, cancellationToken).ConfigureAwait(false);
                }

                // A fill of another type, other tags or an older state, or one every waiter left: replace it. It
                // still ends for its own waiters, and its removal leaves ours in place.
                mine ??= NewFlight(tags, read);
                if (_flights.TryUpdate(key, mine, existing))
                {
                    break;
                }
            }
            else
            {
                mine ??= NewFlight(tags, read);
                if (_flights.TryAdd(key, mine))
                {
                    break;
                }
            }
        }

        FillObserver?.Joined(key);
        // Not awaited here: the fill belongs to every waiter, so this caller's cancellation must not stop it.
        _ = RunFillAsync(key, tags, policy, state, factory, read, mine);
        return await WaitForFillAsync(key, policy, mine, read, cancellationToken).ConfigureAwait(false);
    }

    private static FillFlight<T> NewFlight<T>(string[]? tags, FillRead<T> read)
    {
        var flight = new FillFlight<T>(tags, read.Observed, read.Digest, read.Succeeded);
        flight.TryJoin(); // its creator, before anyone can see it
        return flight;
    }

    // The core, then the compare-and-set store against the creator's read, exactly as an unshared fill; then the
    // result goes to every waiter and the flight leaves the table, so the next miss starts a new fill.
    private async Task RunFillAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        FillRead<T> read, FillFlight<T> flight)
    {
        try
        {
            // A refresh-ahead (background from the start) never goes through the cross-process lock: its entry is
            // still a valid hit, which the lock's holder and waiters would take for the refreshed value. It is at
            // most one refresh per process.
            var acrossProcesses = _distributedFill is not null && !flight.IsBackground;
            var value = acrossProcesses
                ? await RunCoreOnceAcrossProcessesAsync(key, tags, policy, state, factory, read, flight.CoreToken).ConfigureAwait(false)
                : await CallCoreAsync(policy.Telemetry, state, factory, flight.CoreToken).ConfigureAwait(false);

            // The value is computed: store it even if every waiter left, so the work is not wasted. Across processes
            // it is already stored (or was read from Redis) before the lock was released.
            if (!acrossProcesses)
            {
                await StoreFillAsync(key, tags, value, policy, read, CancellationToken.None).ConfigureAwait(false);
            }

            flight.Complete(value);
        }
        catch (Exception ex)
        {
            // Not cached, and the same exception reaches every waiter; none may be left waiting forever. A fill that
            // runs for nobody (a refresh-ahead, or one a waiter left with a stale value) is logged too. Published
            // first, then the mark is read: see FillFlight.TryWaitAsync for why that order loses no failure.
            flight.Fail(ex);
            if (flight.IsBackground)
            {
                CacheLog.BackgroundRefreshFailed(_logger, key, policy.Name, ex);
            }
        }
        finally
        {
            if (FillObserver is { } observer)
            {
                await observer.EndingAsync(key).ConfigureAwait(false);
            }

            // Only this flight: a caller that could not share it may already have put its own in the slot.
            _flights.TryRemove(new KeyValuePair<string, FillFlight>(key, flight));
            FillObserver?.Removed(key);
        }
    }
}
