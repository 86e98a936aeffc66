using System;
using Microsoft.Extensions.Logging;

namespace Caching;

/// <summary>Log messages of the L1 caches and their invalidation over pub/sub (event IDs 40–42).</summary>
internal static partial class LocalCacheLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Warning,
        Message = "Telling other processes to evict '{Target}' from their local caches failed; they may serve it for up to their LocalTtl")]
    public static partial void PublishFailed(ILogger logger, string target, Exception exception);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning,
        Message = "The local-cache invalidation subscription is down; local caches keep serving what they hold but take nothing new until it is back")]
    public static partial void SubscriptionLost(ILogger logger);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information,
        Message = "The local-cache invalidation subscription is up; local caches were cleared, since messages may have been missed")]
    public static partial void SubscriptionReady(ILogger logger);
}
