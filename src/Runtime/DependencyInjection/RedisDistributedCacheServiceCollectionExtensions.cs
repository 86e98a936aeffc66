using System;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Caching;

/// <summary>Registers <see cref="RedisDistributedCache"/> as the application's distributed cache.</summary>
public static class RedisDistributedCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDistributedCache"/> and <see cref="IBufferDistributedCache"/> (one
    /// <see cref="RedisDistributedCache"/>) over the connection, database and key prefix of the store that
    /// <c>AddRedisCaching</c> registered (the keyed one named <paramref name="storeName"/>, when given). Replaces any
    /// distributed cache registered before (such as <c>AddDistributedMemoryCache</c>), so HybridCache, session and
    /// output caching use Redis.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddRedisCaching(o => o.Configuration = "redis:6379");
    /// builder.Services.AddRedisDistributedCache();
    /// builder.Services.AddHybridCache();   // L2 is our Redis
    /// builder.Services.AddSession();
    /// </code>
    /// </example>
    public static IServiceCollection AddRedisDistributedCache(this IServiceCollection services, string? storeName = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (storeName is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(storeName);
        }

        services.RemoveAll<RedisDistributedCache>();
        services.RemoveAll<IDistributedCache>();
        services.RemoveAll<IBufferDistributedCache>();
        services.AddSingleton(sp => new RedisDistributedCache(storeName is null
            ? sp.GetRequiredService<RedisCacheStore>()
            : sp.GetRequiredKeyedService<RedisCacheStore>(storeName)));
        services.AddSingleton<IDistributedCache>(sp => sp.GetRequiredService<RedisDistributedCache>());
        services.AddSingleton<IBufferDistributedCache>(sp => sp.GetRequiredService<RedisDistributedCache>());
        return services;
    }
}
