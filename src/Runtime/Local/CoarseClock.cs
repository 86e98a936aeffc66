using System;
using System.Threading;

namespace Caching;

/// <summary>
/// A millisecond clock for L1 expiry that costs one field read. <see cref="Environment.TickCount64"/> costs 5-9 ns
/// on this machine's kvm-clock, as much as the whole dictionary look-up of an L1 hit, so a timer refreshes this one
/// every <see cref="Resolution"/> instead, and every L1 add refreshes it too. An entry may therefore be served up to
/// one resolution (plus any delay of the timer's thread) past its LocalTtl, never earlier.
/// </summary>
internal static class CoarseClock
{
    /// <summary>How often the timer refreshes the clock.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(50);

    private static long _nowMs = Environment.TickCount64;
    private static Timer? _timer;

    /// <summary>The last reading of <see cref="Environment.TickCount64"/>, at most about one resolution old once started.</summary>
    public static long NowMs => Volatile.Read(ref _nowMs);

    /// <summary>Reads the precise clock now, publishes it, and returns it.</summary>
    public static long Refresh()
    {
        var now = Environment.TickCount64;
        Volatile.Write(ref _nowMs, now);
        return now;
    }

    /// <summary>Starts the timer once per process (the first L1 partition does).</summary>
    public static void Start()
    {
        if (Volatile.Read(ref _timer) is not null)
        {
            return;
        }

        // No execution context captured: the callback must not keep a caller's AsyncLocals alive.
        using (ExecutionContext.SuppressFlow())
        {
            var timer = new Timer(static _ => Refresh(), null, Resolution, Resolution);
            if (Interlocked.CompareExchange(ref _timer, timer, null) is not null)
            {
                timer.Dispose();
            }
        }
    }
}
