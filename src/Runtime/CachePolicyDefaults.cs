using System;

namespace Caching;

/// <summary>
/// The time to live and jitter of a <see cref="CachePolicy{T}"/> that sets none (<see cref="CachePolicy{T}.UsesStoreTtl"/>)
/// when its store says nothing either: what <see cref="RedisCacheStoreOptions.DefaultTtl"/> and
/// <see cref="RedisCacheStoreOptions.DefaultJitter"/> start as.
/// </summary>
public static class CachePolicyDefaults
{
    /// <summary>5 minutes.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    /// <summary>30 seconds: a tenth of <see cref="Ttl"/>.</summary>
    public static readonly TimeSpan Jitter = TimeSpan.FromSeconds(30);
}
