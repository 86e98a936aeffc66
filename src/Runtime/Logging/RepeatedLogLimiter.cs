using System;
using System.Collections.Concurrent;
using System.Threading;

namespace Caching;

/// <summary>
/// Lets one message of each event through per interval and counts the others, so an outage (every call failing the
/// same way, thousands a second) writes a line every interval instead of a line per call. The count of what was held
/// back goes out with the next message that passes (<see cref="CacheLog.RepeatsSuppressed"/>).
/// </summary>
internal sealed class RepeatedLogLimiter
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<int, Slot> _slots = new();

    /// <param name="interval">How long after a message of an event the next one waits; zero lets every message through.</param>
    /// <param name="time">The clock.</param>
    public RepeatedLogLimiter(TimeSpan interval, TimeProvider time)
    {
        _interval = interval;
        _time = time;
    }

    /// <summary>Whether a message of <paramref name="eventId"/> may be written now, and how many were held back since the last one.</summary>
    public bool TryEnter(int eventId, out int suppressed)
    {
        suppressed = 0;
        if (_interval <= TimeSpan.Zero)
        {
            return true;
        }

        var slot = _slots.GetOrAdd(eventId, static _ => new Slot());
        // Wall-clock ticks: coarse enough for log lines, and a test's fake clock drives them.
        var now = _time.GetUtcNow().UtcTicks;
        var next = Volatile.Read(ref slot.NextAllowed);
        if (now < next || Interlocked.CompareExchange(ref slot.NextAllowed, now + _interval.Ticks, next) != next)
        {
            // Too soon, or another thread took this interval's message.
            Interlocked.Increment(ref slot.Suppressed);
            return false;
        }

        suppressed = Interlocked.Exchange(ref slot.Suppressed, 0);
        return true;
    }

    private sealed class Slot
    {
        public long NextAllowed = long.MinValue;
        public int Suppressed;
    }
}
