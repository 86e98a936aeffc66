using System;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Caching;

/// <summary>Thresholds of <see cref="RedisCacheHealthCheck"/>.</summary>
public sealed class RedisCacheHealthOptions
{
    /// <summary>A PING slower than this makes the check degraded; 100 ms by default.</summary>
    public TimeSpan LatencyDegraded { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Used memory at or above this share of <c>maxmemory</c> makes the check degraded; 0.9 by default.</summary>
    public double MemoryDegradedRatio { get; set; } = 0.9;

    /// <summary>
    /// The status when no Redis server answers. Degraded by default: the cache is down, but every cached method still
    /// answers from its core, so the application itself is up.
    /// </summary>
    public HealthStatus UnavailableStatus { get; set; } = HealthStatus.Degraded;
}
