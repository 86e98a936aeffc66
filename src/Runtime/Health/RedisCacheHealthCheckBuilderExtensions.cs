using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Caching;

/// <summary>Adds <see cref="RedisCacheHealthCheck"/> to <c>services.AddHealthChecks()</c>.</summary>
public static class RedisCacheHealthCheckBuilderExtensions
{
    /// <summary>
    /// Checks the Redis of the store <c>AddRedisCaching</c> registered (the keyed one when <paramref name="storeName"/>
    /// is set), as the health check <paramref name="name"/>.
    /// </summary>
    public static IHealthChecksBuilder AddRedisCache(
        this IHealthChecksBuilder builder, string name = "redis-cache", string? storeName = null, Action<RedisCacheHealthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new RedisCacheHealthOptions();
        configure?.Invoke(options);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new RedisCacheHealthCheck(
                storeName is null ? sp.GetRequiredService<RedisCacheStore>() : sp.GetRequiredKeyedService<RedisCacheStore>(storeName),
                options),
            failureStatus: null,
            tags: new[] { "redis", "cache" }));
    }
}
