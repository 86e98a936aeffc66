using System;

namespace Caching;

/// <summary>The settings of one <see cref="RedisSlidingWindowRateLimiter"/>.</summary>
public sealed class RedisSlidingWindowRateLimiterOptions
{
    /// <summary>How many permits may be granted within any <see cref="Window"/>, across every instance sharing <see cref="Key"/>. Must be positive.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The length of the sliding window; at least one millisecond.</summary>
    public TimeSpan Window { get; set; }

    /// <summary>
    /// The Redis key of the window, after the store's <see cref="RedisCacheStore.KeyPrefix"/>. Every limiter (in any
    /// process) built with the same store prefix and key shares one limit; a partitioned limiter puts the partition
    /// in it (<c>"api:" + clientIp</c>).
    /// </summary>
    public string Key { get; set; } = "";

    /// <summary>Whether permits are granted or refused while Redis cannot answer; <see cref="RedisRateLimiterFailureMode.FailOpen"/> by default.</summary>
    public RedisRateLimiterFailureMode FailureMode { get; set; } = RedisRateLimiterFailureMode.FailOpen;
}
