using System;
using System.Collections.Generic;
using System.Threading.RateLimiting;

namespace Caching;

/// <summary>
/// A lease of <see cref="RedisSlidingWindowRateLimiter"/>. Nothing is given back on dispose: a sliding window frees
/// permits by time, not by release. A refused lease carries <see cref="MetadataName.RetryAfter"/> when Redis said when
/// enough permits free up.
/// </summary>
internal sealed class RedisRateLimitLease : RateLimitLease
{
    private static readonly string[] RetryAfterOnly = [MetadataName.RetryAfter.Name];

    public static readonly RedisRateLimitLease Granted = new(true, null);
    public static readonly RedisRateLimitLease Refused = new(false, null);

    private readonly TimeSpan? _retryAfter;

    private RedisRateLimitLease(bool acquired, TimeSpan? retryAfter)
    {
        IsAcquired = acquired;
        _retryAfter = retryAfter;
    }

    public static RedisRateLimitLease RefusedFor(TimeSpan retryAfter) => new(false, retryAfter);

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : RetryAfterOnly;

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (_retryAfter is { } retryAfter && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = retryAfter;
            return true;
        }

        metadata = null;
        return false;
    }
}
