using System;
using Microsoft.Extensions.Logging;

namespace Caching;

/// <summary>Log messages of <see cref="RedisSlidingWindowRateLimiter"/> (event IDs 50–51), rate-limited like the store's.</summary>
internal static partial class RateLimiterLog
{
    public const int FailedOpenId = 50;
    public const int FailedClosedId = 51;

    [LoggerMessage(EventId = FailedOpenId, Level = LogLevel.Warning,
        Message = "The rate limiter could not reach Redis for '{Key}'; {Permits} permits were granted without counting them (FailOpen)")]
    public static partial void FailedOpen(ILogger logger, string key, int permits, Exception exception);

    [LoggerMessage(EventId = FailedClosedId, Level = LogLevel.Warning,
        Message = "The rate limiter could not reach Redis for '{Key}'; {Permits} permits were refused (FailClosed)")]
    public static partial void FailedClosed(ILogger logger, string key, int permits, Exception exception);
}
