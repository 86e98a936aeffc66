using System;
using Caching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RealisticCode.Caching;
using StackExchange.Redis;

namespace RealisticCode.Redis;

/// <summary>
/// One multiplexer for the whole application, as StackExchange.Redis recommends ("store and re-use this"): a
/// singleton built from configuration, which keeps retrying in the background when Redis is down at start-up.
/// </summary>
public static class RedisSetup
{
    public static IServiceCollection AddShopRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var connectionString = configuration.GetConnectionString("Redis")
                ?? throw new InvalidOperationException("Set ConnectionStrings:Redis.");
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            options.AsyncTimeout = 1000;
            options.ClientName = "shop-api";
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton<ICacheStore>(provider => new RedisCacheStore(
            provider.GetRequiredService<IConnectionMultiplexer>(),
            new RedisCacheStoreOptions { KeyPrefix = "shop-api:" }));

        services.AddSingleton<UserRepository>();
        services.AddSingleton<OrderRepository>();
        services.AddSingleton<ProductCatalog>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<CartService>();
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<DistributedLocks>();
        services.AddSingleton<Leaderboard>();
        services.AddSingleton<DashboardReader>();
        services.AddSingleton<PriceChangeNotifier>();
        return services;
    }
}
