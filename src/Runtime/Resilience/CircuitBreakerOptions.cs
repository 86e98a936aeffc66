using System;

namespace Caching;

/// <summary>
/// The circuit breaker of a <see cref="RedisCacheStore"/> (<c>docs/design/resilience.md</c>). When enough Redis
/// calls fail (timeouts, lost connections), every Redis call of the store is skipped for <see cref="BreakDuration"/>:
/// the core answers at once, as on a failed read, instead of each call waiting out the timeout. Then one call is let
/// through as a probe; its success closes the breaker, its failure opens it again.
/// </summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Whether the breaker is used. When false, every call goes to Redis and waits for its own timeout.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of failed calls, within <see cref="SamplingDuration"/>, that opens the breaker; above 0, at most 1.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>
    /// The fewest calls within <see cref="SamplingDuration"/> before the ratio is judged, so a few unlucky calls on a
    /// quiet store do not open it; at least 2.
    /// </summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window in which calls and failures are counted; at least 500 ms.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the breaker stays open before one probe is let through; at least 500 ms.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
