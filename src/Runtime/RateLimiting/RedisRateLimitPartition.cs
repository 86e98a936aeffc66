using System;
using System.Threading.RateLimiting;

namespace Caching;

/// <summary>
/// Partitions for <see cref="PartitionedRateLimiter.Create{TResource, TPartitionKey}"/> and ASP.NET Core's
/// <c>AddRateLimiter(o =&gt; o.AddPolicy(...))</c>, like <see cref="RateLimitPartition.GetSlidingWindowLimiter{TKey}"/>
/// but shared across instances through Redis.
/// </summary>
public static class RedisRateLimitPartition
{
    /// <summary>
    /// A partition whose limiter is a <see cref="RedisSlidingWindowRateLimiter"/> over <paramref name="store"/>, with
    /// the options <paramref name="factory"/> gives for <paramref name="partitionKey"/> (called once, when the partition
    /// is first used). Put the partition key in <see cref="RedisSlidingWindowRateLimiterOptions.Key"/>, or every
    /// partition shares one window.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddRateLimiter(o => o.AddPolicy("api", context =>
    ///     RedisRateLimitPartition.GetSlidingWindowLimiter(
    ///         context.RequestServices.GetRequiredService&lt;RedisCacheStore&gt;(),
    ///         context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
    ///         ip => new RedisSlidingWindowRateLimiterOptions { PermitLimit = 100, Window = TimeSpan.FromMinutes(1), Key = "rate:api:" + ip })));
    /// </code>
    /// </example>
    public static RateLimitPartition<TKey> GetSlidingWindowLimiter<TKey>(
        RedisCacheStore store, TKey partitionKey, Func<TKey, RedisSlidingWindowRateLimiterOptions> factory)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(factory);
        return RateLimitPartition.Get(partitionKey, key => new RedisSlidingWindowRateLimiter(store, factory(key)));
    }
}
