using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

// Distributed single-flight (opt-in): the fill of one process calls the core while the fills of the same key in other
// processes wait for its entry (see "Across processes" in docs/design/stampede.md). Only the asynchronous miss path.
public sealed partial class RedisCacheStore
{
    // Null when off: the fill then calls the core exactly as before, with nothing added.
    private readonly DistributedFillSettings? _distributedFill;

    /// <summary>Test seam, awaited after a fill's miss and before it takes the lock; null in production.</summary>
    internal Func<string, Task>? BeforeFillLockAsync { get; set; }

    // Called by RunFillAsync in place of the core. Off, it is the core's own ValueTask: no state machine, no
    // allocation. On, the value comes back already dealt with: stored before the lock was released, read from
    // another process's entry, or not to be stored because Redis just failed; RunFillAsync stores nothing more.
    private ValueTask<T> RunCoreOnceAcrossProcessesAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        FillRead<T> read, CancellationToken coreToken)
        => _distributedFill is { } settings
            ? FillAcrossProcessesAsync(settings, key, tags, policy, state, factory, read, coreToken)
            : CallCoreAsync(policy.Telemetry, state, factory, coreToken);

    private async ValueTask<T> FillAcrossProcessesAsync<TState, T>(
        DistributedFillSettings settings, string key, string[]? tags, CachePolicy<T> policy, TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory, FillRead<T> read, CancellationToken coreToken)
    {
        if (!read.Succeeded)
        {
            // Redis failed on the read: never wait on it. Nothing is stored after a failed read anyway.
            return await CallCoreAsync(policy.Telemetry, state, factory, coreToken).ConfigureAwait(false);
        }

        if (BeforeFillLockAsync is { } seam)
        {
            await seam(key).ConfigureAwait(false);
        }

        var lockKey = FillLock.Key(key);
        var token = FillLock.NewToken();
        bool held;
        try
        {
            held = await _circuit.RunAsync(
                static s => FillLock.TakeAsync(s.Database, s.LockKey, s.Token, s.Ttl),
                (Database, LockKey: lockKey, Token: token, Ttl: settings.LockTtl), coreToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, coreToken))
        {
            return await CoreAfterLockFailureAsync(key, policy, state, factory, ex, coreToken).ConfigureAwait(false);
        }

        return held
            ? await FillHoldingLockAsync(key, tags, policy, state, factory, read, lockKey, token, coreToken).ConfigureAwait(false)
            : await WaitForOtherProcessAsync(settings, key, tags, policy, state, factory, read, lockKey, coreToken).ConfigureAwait(false);
    }

    // The holder: the core, the usual compare-and-set store, then the release, so a waiter that sees the lock gone
    // either finds the entry or knows there will be none.
    private async ValueTask<T> FillHoldingLockAsync<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        FillRead<T> read, RedisKey lockKey, RedisValue token, CancellationToken coreToken)
    {
        try
        {
            // Another process may have stored and released between this fill's read and its lock; one more read
            // then saves a core call. A failed read changes nothing: this fill holds the lock and calls the core.
            var again = await ReadAsync(key, tags, policy, coreToken).ConfigureAwait(false);
            if (again.Lookup.IsHit)
            {
                return again.Lookup.Value!;
            }

            var value = await CallCoreAsync(policy.Telemetry, state, factory, coreToken).ConfigureAwait(false);
            // Against this fill's first read, as an unshared fill: its local waiters missed on that state.
            await StoreFillAsync(key, tags, value, policy, read, CancellationToken.None).ConfigureAwait(false);
            return value;
        }
        finally
        {
            // Also after the core failed: the waiters then call their own cores at once rather than wait it out.
            await ReleaseFillLockAsync(key, policy.Name, lockKey, token).ConfigureAwait(false);
        }
    }

    // A non-holder: polls until the entry reads as a hit (the same read and decode as GetOrCreateAsync, tags
    // included), the lock is gone without one, or WaitTimeout passes; in the last two cases it calls the core.
    private async ValueTask<T> WaitForOtherProcessAsync<TState, T>(
        DistributedFillSettings settings, string key, string[]? tags, CachePolicy<T> policy, TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory, FillRead<T> read, RedisKey lockKey, CancellationToken coreToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var remaining = settings.WaitTimeout - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                CacheLog.FillWaitTimedOut(_logger, key, policy.Name, settings.WaitTimeout);
                break;
            }

            // The flight's token: cancelled when every local caller has left, so nobody is left polling for nobody.
            await Task.Delay(remaining < settings.PollInterval ? remaining : settings.PollInterval, coreToken).ConfigureAwait(false);

            // The lock before the entry: a holder stores, then releases, so a lock seen gone here means the entry
            // read next is as complete as it will get.
            bool locked;
            try
            {
                locked = await _circuit.RunAsync(
                    static s => s.Database.KeyExistsAsync(s.LockKey), (Database, LockKey: lockKey), coreToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsCacheFailure(ex, coreToken))
            {
                return await CoreAfterLockFailureAsync(key, policy, state, factory, ex, coreToken).ConfigureAwait(false);
            }

            var polled = await ReadAsync(key, tags, policy, coreToken).ConfigureAwait(false);
            if (!polled.Succeeded)
            {
                // Logged by the read; Redis is failing, so the core answers now and nothing is stored.
                return await CallCoreAsync(policy.Telemetry, state, factory, coreToken).ConfigureAwait(false);
            }

            if (polled.Lookup.IsHit)
            {
                CacheLog.FillWaited(_logger, key, policy.Name, Stopwatch.GetElapsedTime(started));
                return polled.Lookup.Value!;
            }

            if (!locked)
            {
                // The holder released without a readable entry: its core failed, its value was not cacheable, or
                // its store lost to an invalidation. Calling at once keeps a failing core's failures fast and costs
                // at most one core call per process; taking the lock again would queue each waiter behind the next.
                break;
            }
        }

        var value = await CallCoreAsync(policy.Telemetry, state, factory, coreToken).ConfigureAwait(false);
        await StoreFillAsync(key, tags, value, policy, read, CancellationToken.None).ConfigureAwait(false);
        return value;
    }

    // Redis failed (or the breaker is open) while taking or watching the lock: the core answers at once, and nothing
    // is stored, since a write would most likely wait out another timeout on the same failing Redis.
    private async ValueTask<T> CoreAfterLockFailureAsync<TState, T>(
        string key, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        Exception exception, CancellationToken coreToken)
    {
        _metrics.Error(policy.Telemetry, CacheOperation.Lock, exception);
        if (!RedisCircuit.IsRejection(exception))
        {
            if (ShouldLogFailure(CacheLog.FillLockFailedId))
            {
                CacheLog.FillLockFailed(_logger, key, policy.Name, exception);
            }
        }

        return await CallCoreAsync(policy.Telemetry, state, factory, coreToken).ConfigureAwait(false);
    }

    private async ValueTask ReleaseFillLockAsync(string key, string method, RedisKey lockKey, RedisValue token)
    {
        try
        {
            // Not the callers' token: a lock left behind makes other processes wait until it expires.
            await _circuit.RunAsync(
                static s => FillLock.ReleaseAsync(s.Database, s.LockKey, s.Token),
                (Database, LockKey: lockKey, Token: token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, CancellationToken.None))
        {
            _metrics.Error(null, CacheOperation.Lock, ex);
            if (!RedisCircuit.IsRejection(ex))
            {
                if (ShouldLogFailure(CacheLog.FillLockReleaseFailedId))
                {
                    CacheLog.FillLockReleaseFailed(_logger, key, method, ex);
                }
            }
        }
    }
}
