namespace Caching;

/// <summary>What <see cref="RedisSlidingWindowRateLimiter"/> answers when Redis cannot (down, too slow, circuit open).</summary>
public enum RedisRateLimiterFailureMode
{
    /// <summary>
    /// Grant the permits (the default): an outage of the cache does not take the API down with it, at the cost of no
    /// limit while Redis is away. Each such grant is logged (event 50, at most once per interval).
    /// </summary>
    FailOpen,

    /// <summary>
    /// Reject the request: for limits that protect something that must not be overrun (a paid upstream, a login
    /// endpoint against brute force). Each such rejection is logged (event 51, at most once per interval).
    /// </summary>
    FailClosed,
}
