using System;

namespace Caching;

/// <summary>The wait between two attempts of a failing write-behind call: exponential, capped, with jitter.</summary>
internal static class WriteBehindBackoff
{
    /// <summary>
    /// The wait after <paramref name="failedAttempts"/> failures: <paramref name="baseDelay"/> doubled per earlier
    /// failure, capped at <paramref name="maxDelay"/>, of which the upper half is scaled by <paramref name="random"/>
    /// (0 ≤ random &lt; 1). Half is kept fixed so a retry never comes at once; half is random so the workers that
    /// an outage failed together do not all retry in the same instant.
    /// </summary>
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failedAttempts);
        // In doubles, so a long run of failures cannot overflow before the cap applies.
        var ticks = Math.Min(baseDelay.Ticks * Math.Pow(2, failedAttempts - 1), maxDelay.Ticks);
        return TimeSpan.FromTicks((long)((ticks / 2) + (ticks / 2 * random)));
    }
}
