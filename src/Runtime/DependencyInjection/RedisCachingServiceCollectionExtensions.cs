using System;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caching;

/// <summary>Registers Redis caching with Microsoft.Extensions.DependencyInjection.</summary>
public static class RedisCachingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default <see cref="ICacheStore"/> (a <see cref="RedisCacheStore"/>) that generated repositories
    /// take in their constructors, over the connection <paramref name="configure"/> sets. The options are validated
    /// when the application starts, with a message that says what to change.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddRedisCaching(o =>
    /// {
    ///     o.Configuration = builder.Configuration.GetConnectionString("redis");
    ///     o.KeyPrefix = "shop";
    /// });
    /// </code>
    /// </example>
    public static IServiceCollection AddRedisCaching(this IServiceCollection services, Action<RedisCachingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddOptions(services, Options.DefaultName, configure);
        services.TryAddSingleton(sp => RedisCachingConnection.Create(sp.GetRequiredService<IOptionsMonitor<RedisCachingOptions>>().Get(Options.DefaultName), sp));
        services.TryAddSingleton(sp => CreateStore(sp, sp.GetRequiredService<RedisCachingConnection>(), Options.DefaultName));
        services.TryAddSingleton<ICacheStore>(sp => sp.GetRequiredService<RedisCacheStore>());
        return services;
    }

    /// <summary>
    /// Registers a second (third, …) store for another Redis deployment, as a keyed service: a repository takes it with
    /// <c>[FromKeyedServices("name")] ICacheStore cache</c>, or resolves <c>GetRequiredKeyedService&lt;ICacheStore&gt;("name")</c>.
    /// </summary>
    public static IServiceCollection AddRedisCaching(this IServiceCollection services, string name, Action<RedisCachingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        AddOptions(services, name, configure);
        services.TryAddKeyedSingleton(name, (sp, _) => RedisCachingConnection.Create(sp.GetRequiredService<IOptionsMonitor<RedisCachingOptions>>().Get(name), sp));
        services.TryAddKeyedSingleton(name, (sp, _) => CreateStore(sp, sp.GetRequiredKeyedService<RedisCachingConnection>(name), name));
        services.TryAddKeyedSingleton<ICacheStore>(name, (sp, _) => sp.GetRequiredKeyedService<RedisCacheStore>(name));
        return services;
    }

    private static void AddOptions(IServiceCollection services, string name, Action<RedisCachingOptions> configure)
    {
        services.AddOptions<RedisCachingOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisCachingOptions>, RedisCachingOptionsValidator>());
    }

    private static RedisCacheStore CreateStore(IServiceProvider services, RedisCachingConnection connection, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<RedisCachingOptions>>().Get(name);
        // The container's meter factory, when it has one (hosts do), so the store's metrics belong to it.
        options.Store.MeterFactory ??= services.GetService<IMeterFactory>();
        return new RedisCacheStore(connection.Multiplexer, options.Store, services.GetService<ILogger<RedisCacheStore>>());
    }
}
