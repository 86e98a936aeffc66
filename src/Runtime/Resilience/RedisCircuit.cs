using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// Runs every Redis call of one <see cref="RedisCacheStore"/>, each bounded by the operation timeout, through a
/// Polly.Core circuit breaker. While the breaker is open a call throws <see cref="BrokenCircuitException"/> at once,
/// without touching Redis, and the store treats it as any other cache failure. Disabled, calls go straight to Redis.
/// </summary>
internal sealed class RedisCircuit
{
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    private readonly ResiliencePipeline? _pipeline;
    // Whether the breaker is closed, as its state-change callbacks last said: a field read per call, where Polly's
    // state provider takes a lock. The callbacks run just after a change, so for an instant a call may still take
    // the fast path to a Redis that just failed (its report is then refused) or the pipeline while closing; both
    // are harmless.
    private volatile bool _closed = true;
    private readonly TimeSpan? _timeout;
    private readonly IConnectionMultiplexer _multiplexer;

    public RedisCircuit(RedisCacheStoreOptions options, ILogger logger, IConnectionMultiplexer multiplexer)
    {
        _multiplexer = multiplexer;
        _timeout = options.OperationTimeout;
        var breaker = options.CircuitBreaker ?? throw new ArgumentNullException(nameof(options), "CircuitBreaker must not be null.");
        if (!breaker.Enabled)
        {
            return;
        }

        // Checked here with the option's own name, so a bad setting fails at construction with a clear message
        // rather than inside Polly's validation.
        if (!(breaker.FailureRatio > 0 && breaker.FailureRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CircuitBreakerOptions.FailureRatio), breaker.FailureRatio, "FailureRatio must be above 0 and at most 1.");
        }

        if (breaker.MinimumThroughput < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(CircuitBreakerOptions.MinimumThroughput), breaker.MinimumThroughput, "MinimumThroughput must be at least 2.");
        }

        RequireRange(breaker.SamplingDuration, nameof(CircuitBreakerOptions.SamplingDuration));
        RequireRange(breaker.BreakDuration, nameof(CircuitBreakerOptions.BreakDuration));

        var breakDuration = breaker.BreakDuration;
        _pipeline = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breakDuration,
                ShouldHandle = static args => new ValueTask<bool>(
                    args.Outcome.Exception is ReportedOutage || IsOutage(args.Outcome.Exception, args.Context.CancellationToken)),
                // Logged on each change of state, never per call: an open breaker skips thousands of calls a second.
                OnOpened = args =>
                {
                    _closed = false;
                    var failure = args.Outcome.Exception;
                    CacheLog.CircuitOpened(logger, breakDuration, failure is ReportedOutage reported ? reported.InnerException : failure);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    CacheLog.CircuitHalfOpen(logger);
                    return default;
                },
                OnClosed = _ =>
                {
                    _closed = true;
                    CacheLog.CircuitClosed(logger);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>
    /// Runs <paramref name="operation"/> bounded by the operation timeout and <paramref name="cancellationToken"/>.
    /// The operation is a static lambda and its inputs travel in <paramref name="state"/>, so no closure is allocated.
    /// </summary>
    /// <remarks>
    /// While the breaker is closed, the call runs directly and its outcome is then reported to the breaker by a
    /// synchronous execution: Polly's asynchronous pipeline would box a state machine per layer on every Redis call
    /// (about 1.3 KB per cache hit, measured), where this costs one. Open or half-open, the call goes through the
    /// pipeline, which refuses it or lets it through as the probe.
    /// </remarks>
    public ValueTask<TResult> RunAsync<TState, TResult>(Func<TState, Task<TResult>> operation, TState state, CancellationToken cancellationToken)
    {
        if (!_multiplexer.IsConnected)
        {
            return NotConnectedAsync<TResult>();
        }

        if (_pipeline is null)
        {
            return BoundedObserved(operation(state), _timeout, cancellationToken);
        }

        if (_closed)
        {
            return RunReportedAsync(operation, state, cancellationToken);
        }

        return _pipeline.ExecuteAsync(
            static (s, token) => BoundedObserved(s.Operation(s.State), s.Timeout, token),
            (Operation: operation, State: state, Timeout: _timeout),
            cancellationToken);
    }

    private async ValueTask<TResult> RunReportedAsync<TState, TResult>(Func<TState, Task<TResult>> operation, TState state, CancellationToken cancellationToken)
    {
        TResult result;
        var call = operation(state);
        try
        {
            result = await Bounded(call, _timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ObserveAbandoned(call);
            await ReportAsync(IsOutage(ex, cancellationToken) ? ex : null).ConfigureAwait(false);
            throw;
        }

        await ReportAsync(outage: null).ConfigureAwait(false);
        return result;
    }

    // The asynchronous form of Report, for every asynchronous call. Polly runs the OnOpened/OnHalfOpened/OnClosed
    // callbacks on its own scheduler (a loop on the thread pool) and a synchronous execution that changes the
    // breaker's state blocks its thread until that callback has run. Redis failing is exactly when a burst of calls
    // reports outages from pool threads, so the synchronous form stalled every caller of the process for 0.6-0.8 s
    // while the pool injected threads (measured: tests/Caching.Resilience.Tests/Restarts/KilledRedisTests.cs, 64
    // callers whose writes failed as the breaker opened). Awaited, the report costs the same when nothing changes
    // (the pipeline completes synchronously, nothing is boxed) and yields the thread when something does.
    private ValueTask ReportAsync(Exception? outage)
    {
        var report = outage is not null
            ? _pipeline!.ExecuteAsync(static (failure, _) => ValueTask.FromException(new ReportedOutage(failure)), outage, CancellationToken.None)
            : _pipeline!.ExecuteAsync(static _ => ValueTask.CompletedTask, CancellationToken.None);
        if (report.IsCompletedSuccessfully)
        {
            return default;
        }

        if (!report.IsCompleted)
        {
            // Pending: this report opened the breaker and Polly awaits its OnOpened callback, which runs on the
            // thread pool and may wait there behind every other caller of a burst. Take the callers off the fast path
            // now rather than then: each one that still went straight to the hung Redis would wait a full timeout
            // (measured: a third wave of 64 callers did, 0.4 s after the breaker had opened).
            _closed = false;
        }

        return ObserveReportAsync(report);
    }

    private static async ValueTask ObserveReportAsync(ValueTask report)
    {
        try
        {
            await report.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ReportedOutage or BrokenCircuitException)
        {
        }
    }

    // Tells the breaker how a call that ran outside the pipeline ended, as if it had run inside: an outage is a
    // handled failure, anything else a success (a reply Redis gave, or the caller's cancellation). If the breaker
    // opened meanwhile it refuses the report; the call's own outcome stands.
    private void Report(Exception? outage)
    {
        try
        {
            if (outage is not null)
            {
                _pipeline!.Execute(static failure => throw new ReportedOutage(failure), outage);
            }
            else
            {
                _pipeline!.Execute(static () => { });
            }
        }
        catch (Exception ex) when (ex is ReportedOutage or BrokenCircuitException)
        {
        }
    }

    /// <summary>A Redis call refused before it was sent: no server is connected.</summary>
    private sealed class RedisNotConnectedException() : Exception("No Redis server is connected; the call was not sent.");

    /// <summary>The failure a report hands the breaker, around the real one (which went to the caller already).</summary>
    private sealed class ReportedOutage(Exception failure) : Exception("A Redis call failed.", failure);

    /// <summary>
    /// Runs <paramref name="operation"/> without the operation timeout, for work that is many round trips (a SCAN
    /// over the keyspace); each round trip is bounded by the multiplexer's own timeout.
    /// </summary>
    public ValueTask<TResult> RunUnboundedAsync<TState, TResult>(Func<TState, CancellationToken, Task<TResult>> operation, TState state, CancellationToken cancellationToken)
    {
        if (!_multiplexer.IsConnected)
        {
            return NotConnectedAsync<TResult>();
        }

        if (_pipeline is null)
        {
            return new ValueTask<TResult>(operation(state, cancellationToken));
        }

        return _pipeline.ExecuteAsync(
            static (s, token) => new ValueTask<TResult>(s.Operation(s.State, token)),
            (Operation: operation, State: state),
            cancellationToken);
    }

    /// <summary>Runs a synchronous Redis call (bounded by the multiplexer's <c>SyncTimeout</c>).</summary>
    public TResult Run<TState, TResult>(Func<TState, TResult> operation, TState state)
    {
        if (!_multiplexer.IsConnected)
        {
            throw NotConnected();
        }

        if (_pipeline is null)
        {
            return operation(state);
        }

        return _pipeline.Execute(static s => s.Operation(s.State), (Operation: operation, State: state));
    }

    // Bounded, and when the bound gives up first, the abandoned call observed (see ObserveAbandoned). A call with no
    // bound is returned as it is: its caller awaits it.
    private static ValueTask<TResult> BoundedObserved<TResult>(Task<TResult> call, TimeSpan? timeout, CancellationToken cancellationToken)
        => timeout is null && !cancellationToken.CanBeCanceled ? new ValueTask<TResult>(call) : BoundedObservedAsync(call, timeout, cancellationToken);

    private static async ValueTask<TResult> BoundedObservedAsync<TResult>(Task<TResult> call, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await Bounded(call, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ObserveAbandoned(call);
            throw;
        }
    }

    // A call the operation timeout or the caller gave up on still ends later, usually with the multiplexer's own
    // RedisTimeoutException; a fault nobody awaits is raised as TaskScheduler.UnobservedTaskException when the task
    // is collected, one per call that timed out against a hung Redis (seen in tests/Caching.Resilience.Tests/
    // Restarts/KilledRedisTests.cs, which fails on any). Only on the failure path: no cost to a call that succeeds.
    private static void ObserveAbandoned(Task call)
    {
        if (call.IsCompleted)
        {
            _ = call.Exception;
        }
        else
        {
            call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    // The caller's cancellation always ends the wait; the operation timeout only when one is set (otherwise the
    // multiplexer's own asyncTimeout bounds the call, at no cost: a timer per call costs real throughput).
    private static Task<TResult> Bounded<TResult>(Task<TResult> call, TimeSpan? timeout, CancellationToken cancellationToken)
        => timeout is { } limit ? call.WaitAsync(limit, cancellationToken)
            : cancellationToken.CanBeCanceled ? call.WaitAsync(cancellationToken)
            : call;

    // No server is connected (Redis down at start, or every connection lost): fail at once instead of letting the
    // multiplexer hold the command in its backlog until the operation timeout, so the core answers without waiting.
    // Counted as an outage, so the breaker opens as it would on timeouts.
    private async ValueTask<TResult> NotConnectedAsync<TResult>()
    {
        var exception = new RedisNotConnectedException();
        if (_pipeline is not null && _closed)
        {
            await ReportAsync(exception).ConfigureAwait(false);
        }

        throw exception;
    }

    // The synchronous form, for the synchronous Run (whose caller blocks its own thread in any case).
    private Exception NotConnected()
    {
        var exception = new RedisNotConnectedException();
        if (_pipeline is not null && _closed)
        {
            Report(exception);
        }

        return exception;
    }

    /// <summary>Whether <paramref name="exception"/> was the breaker refusing the call, rather than Redis failing.</summary>
    public static bool IsRejection(Exception exception) => exception is BrokenCircuitException;

    // What counts towards opening: Redis unreachable or too slow (timeouts, lost connections). Not the caller's own
    // cancellation, and not a reply Redis gave (an error such as OOM): Redis answered, so waiting for it costs nothing.
    private static bool IsOutage(Exception? exception, CancellationToken callerToken) => exception switch
    {
        null => false,
        OperationCanceledException when callerToken.IsCancellationRequested => false,
        RedisServerException => false,
        _ => true,
    };

    private static void RequireRange(TimeSpan value, string name)
    {
        if (value < Shortest || value > Longest)
        {
            throw new ArgumentOutOfRangeException(name, value, name + " must be between 500 ms and 1 day.");
        }
    }
}
