using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// One fill in progress for one key, shared by every concurrent caller that missed on the same state: the read the
/// fill compares-and-sets against, the callers waiting for it, and the token its core honours.
/// </summary>
internal abstract class FillFlight(string[]? tags, RedisValue observed, ulong? digest, bool readSucceeded)
{
    /// <summary>
    /// Whether a caller's miss may take this fill's result: same tags (the entry is stored under the fill's tag
    /// digest) and the same observed state. A caller that saw other bytes (an invalidation's marker, a newer entry,
    /// new tag stamps) missed after the state changed, so it must not get a value its core may have read before.
    /// </summary>
    public bool Matches(string[]? otherTags, RedisValue otherObserved, ulong? otherDigest, bool otherReadSucceeded)
        => readSucceeded == otherReadSucceeded
            && digest == otherDigest
            && SameTags(tags, otherTags)
            && observed == otherObserved;

    private static bool SameTags(string[]? a, string[]? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        // Generated code builds templated tags per call, so equal sets are usually different arrays.
        return (a ?? []).AsSpan().SequenceEqual(b ?? []);
    }
}

/// <summary>A <see cref="FillFlight"/> that produces a <typeparamref name="T"/>.</summary>
internal sealed class FillFlight<T>(string[]? tags, RedisValue observed, ulong? digest, bool readSucceeded)
    : FillFlight(tags, observed, digest, readSucceeded)
{
    // Continuations run on the pool: a thousand waiters must not run on the thread that completes the fill.
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Never disposed: it has no timer and nobody asks for its wait handle, so Dispose would free nothing and would
    // only race the Cancel of the last waiter to leave.
    private readonly CancellationTokenSource _abandoned = new();
    private readonly object _gate = new();
    private int _waiters;
    private bool _isAbandoned;
    private int _isBackground;

    /// <summary>Cancelled only when every waiter has cancelled its wait; the token the core receives.</summary>
    public CancellationToken CoreToken => _abandoned.Token;

    /// <summary>Completes with the core's value (once stored) or its exception.</summary>
    public Task<T> Result => _result.Task;

    /// <summary>Adds a waiter, unless every waiter has already left and the core was cancelled.</summary>
    public bool TryJoin()
    {
        lock (_gate)
        {
            if (_isAbandoned)
            {
                return false;
            }

            _waiters++;
            return true;
        }
    }

    /// <summary>Waits for the result; cancelling <paramref name="cancellationToken"/> ends this wait only.</summary>
    public async ValueTask<T> WaitAsync(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            // This waiter never leaves, so the core is never cancelled for lack of waiters.
            return await _result.Task.ConfigureAwait(false);
        }

        try
        {
            return await _result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_result.Task.IsCompleted)
        {
            Leave();
            throw;
        }
    }

    /// <summary>
    /// Whether the fill runs on behalf of a caller that no longer waits for it: a refresh-ahead, or a fill a waiter
    /// left with a stale value. Its failure reaches nobody, so the store logs it.
    /// </summary>
    public bool IsBackground => Volatile.Read(ref _isBackground) != 0;

    /// <summary>Marks the fill as running in the background (see <see cref="IsBackground"/>); a full fence.</summary>
    public void MarkBackground() => Interlocked.Exchange(ref _isBackground, 1);

    /// <summary>
    /// Waits for the result at most <paramref name="timeout"/> (timed by <paramref name="timeProvider"/>); returns
    /// false when the time ran out first. A waiter that times out stays counted as a waiter for good, so the core
    /// can no longer be cancelled for lack of waiters: the caller took a stale value on the promise that the fill
    /// finishes and refreshes the entry. Cancelling <paramref name="cancellationToken"/> ends this wait as
    /// <see cref="WaitAsync(CancellationToken)"/> does.
    /// </summary>
    public async ValueTask<(bool Completed, T? Value)> TryWaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await _result.Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false));
        }
        catch (TimeoutException) when (!_result.Task.IsFaulted)
        {
            // Ours, not the core's (a core's TimeoutException faults the result). Marked before the result is looked
            // at again, while the fill publishes a failure before it reads the mark (both are full fences): so a
            // failure racing this timeout is either seen here or logged by the fill, never lost.
            MarkBackground();
            if (_result.Task.IsCompleted)
            {
                // The fill finished just after the timer fired: its value (fresher than the stale one), or its
                // exception, which the caller handles as the core's failure.
                return (true, await _result.Task.ConfigureAwait(false));
            }

            return (false, default);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_result.Task.IsCompleted)
        {
            Leave();
            throw;
        }
    }

    /// <summary>Publishes the value to every waiter.</summary>
    public void Complete(T value) => _result.TrySetResult(value);

    /// <summary>Publishes the core's exception to every waiter; it is marked observed, since all may have left.</summary>
    public void Fail(Exception exception)
    {
        _result.TrySetException(exception);
        _ = _result.Task.Exception;
    }

    private void Leave()
    {
        lock (_gate)
        {
            // A finished fill keeps its result for late joiners; there is nothing left to cancel.
            if (--_waiters > 0 || _isAbandoned || _result.Task.IsCompleted)
            {
                return;
            }

            _isAbandoned = true;
        }

        // Outside the lock: Cancel runs the core's callbacks inline.
        _abandoned.Cancel();
    }
}
