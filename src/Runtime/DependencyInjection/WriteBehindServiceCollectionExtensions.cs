using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caching;

/// <summary>
/// Runs the queued calls of <c>[WriteBehind]</c> methods in the host: one <see cref="WriteBehindWorker"/> per store,
/// registered as a hosted service, started with the host and drained when it stops.
/// </summary>
public static class WriteBehindServiceCollectionExtensions
{
    /// <summary>
    /// Adds the write-behind handlers of <typeparamref name="TRepository"/> (its generated static
    /// <c>WriteBehindHandlers</c> method) to the worker of the default store that
    /// <see cref="RedisCachingServiceCollectionExtensions.AddRedisCaching(IServiceCollection, Action{RedisCachingOptions})"/>
    /// registers. The repository is resolved from the container; call this once per repository with
    /// <c>[WriteBehind]</c> methods.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddSingleton&lt;OrderRepository&gt;();
    /// builder.Services.AddWriteBehindHandlers&lt;OrderRepository&gt;(OrderRepository.WriteBehindHandlers, o => o.BatchSize = 32);
    /// </code>
    /// </example>
    /// <param name="services">The services.</param>
    /// <param name="handlers">The repository's generated <c>WriteBehindHandlers</c> method.</param>
    /// <param name="configure">Changes the worker's settings; several calls for one store all apply.</param>
    public static IServiceCollection AddWriteBehindHandlers<TRepository>(
        this IServiceCollection services, Func<TRepository, IEnumerable<WriteBehindHandler>> handlers, Action<WriteBehindWorkerOptions>? configure = null)
        where TRepository : notnull
        => services.AddWriteBehindHandlers(Options.DefaultName, handlers, configure);

    /// <summary>
    /// Adds the write-behind handlers of <typeparamref name="TRepository"/> to the worker of the keyed store
    /// <paramref name="storeName"/> (<see cref="RedisCachingServiceCollectionExtensions.AddRedisCaching(IServiceCollection, string, Action{RedisCachingOptions})"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="storeName">The store whose write-behind stream the worker reads.</param>
    /// <param name="handlers">The repository's generated <c>WriteBehindHandlers</c> method.</param>
    /// <param name="configure">Changes the worker's settings; several calls for one store all apply.</param>
    public static IServiceCollection AddWriteBehindHandlers<TRepository>(
        this IServiceCollection services, string storeName, Func<TRepository, IEnumerable<WriteBehindHandler>> handlers,
        Action<WriteBehindWorkerOptions>? configure = null)
        where TRepository : notnull
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storeName);
        ArgumentNullException.ThrowIfNull(handlers);
        var firstForStore = !services.Any(d => d.ImplementationInstance is WriteBehindHandlerSource source && source.StoreName == storeName);
        services.AddSingleton(new WriteBehindHandlerSource(storeName, sp => handlers(sp.GetRequiredService<TRepository>())));
        var options = services.AddOptions<WriteBehindWorkerOptions>(storeName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (firstForStore)
        {
            services.AddKeyedSingleton(storeName, static (sp, key) => CreateWorker(sp, (string)key!));
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<WriteBehindWorker>(storeName));
        }

        return services;
    }

    private static WriteBehindWorker CreateWorker(IServiceProvider services, string storeName)
    {
        var store = storeName == Options.DefaultName
            ? services.GetRequiredService<RedisCacheStore>()
            : services.GetRequiredKeyedService<RedisCacheStore>(storeName);
        var handlers = services.GetServices<WriteBehindHandlerSource>()
            .Where(source => source.StoreName == storeName)
            .SelectMany(source => source.Create(services));
        var options = services.GetRequiredService<IOptionsMonitor<WriteBehindWorkerOptions>>().Get(storeName);
        return new WriteBehindWorker(store, handlers, options, services.GetService<ILogger<WriteBehindWorker>>());
    }
}
