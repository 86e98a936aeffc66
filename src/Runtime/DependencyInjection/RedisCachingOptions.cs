using System;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// What <see cref="RedisCachingServiceCollectionExtensions.AddRedisCaching(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{RedisCachingOptions})"/>
/// registers: the Redis connection (a connection string, or a multiplexer the application already has) and the
/// store's settings. Checked when the application starts (<see cref="RedisCachingOptionsValidator"/>).
/// </summary>
public sealed class RedisCachingOptions
{
    /// <summary>
    /// A StackExchange.Redis configuration string (<c>redis:6379,password=…</c>). The store connects with it in the
    /// background (<c>abortConnect=false</c> is forced), so the application starts while Redis is down and the cores
    /// answer until it is up. Set this or <see cref="Connection"/>, not both.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Returns a multiplexer the application already has (for example one registered as
    /// <see cref="IConnectionMultiplexer"/>); the store uses it and never disposes it. Set this or
    /// <see cref="Configuration"/>, not both.
    /// </summary>
    public Func<IServiceProvider, IConnectionMultiplexer>? Connection { get; set; }

    /// <summary>The store's settings: key prefix, database, timeouts, circuit breaker, distributed fill.</summary>
    public RedisCacheStoreOptions Store { get; set; } = new();

    /// <summary>Shorthand for <see cref="RedisCacheStoreOptions.KeyPrefix"/> of <see cref="Store"/>.</summary>
    public string KeyPrefix
    {
        get => Store.KeyPrefix;
        set => Store.KeyPrefix = value;
    }
}
