using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>
/// The "database" of the worker tests: a handler for <see cref="TestCalls"/> that records each applied call and
/// each attempt, and can be told to fail, to be slow, or to hang until cancelled.
/// </summary>
internal sealed class RecordingHandler
{
    private readonly ConcurrentQueue<(int OrderId, string? Note)> _applied = new();
    private readonly ConcurrentQueue<(int OrderId, long Timestamp)> _attempts = new();
    private int _cancelled;

    /// <summary>Decides whether attempt number <c>attempt</c> (from 1) of a call fails, and with what.</summary>
    public Func<int, int, Exception?> FailWhen { get; init; } = static (_, _) => null;

    /// <summary>How long each attempt takes.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Every attempt waits until cancelled.</summary>
    public bool Hang { get; init; }

    /// <summary>How many attempts saw their cancellation token fire.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    public (int OrderId, string? Note)[] Applied => _applied.ToArray();

    public int[] AppliedIds => _applied.Select(a => a.OrderId).ToArray();

    public int AttemptsOf(int orderId) => _attempts.Count(a => a.OrderId == orderId);

    /// <summary>The times between consecutive attempts of one call.</summary>
    public TimeSpan[] GapsBetweenAttempts(int orderId)
    {
        var times = _attempts.Where(a => a.OrderId == orderId).Select(a => a.Timestamp).ToArray();
        return times.Skip(1).Select((t, i) => Stopwatch.GetElapsedTime(times[i], t)).ToArray();
    }

    public WriteBehindHandler Handler(string id = TestCalls.HandlerId) => new(id, InvokeAsync);

    private async ValueTask InvokeAsync(ReadOnlyMemory<byte> arguments, CancellationToken cancellationToken)
    {
        var call = TestCalls.Read(arguments);
        _attempts.Enqueue((call.OrderId, Stopwatch.GetTimestamp()));
        try
        {
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }

        var failure = FailWhen(call.OrderId, AttemptsOf(call.OrderId));
        if (failure is not null)
        {
            throw failure;
        }

        _applied.Enqueue(call);
    }
}
