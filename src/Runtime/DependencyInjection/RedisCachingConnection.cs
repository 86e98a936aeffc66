using System;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// The multiplexer of one <c>AddRedisCaching</c> registration: the application's own (never disposed here), or one
/// this registration created from its configuration string (disposed with the service provider).
/// </summary>
internal sealed class RedisCachingConnection : IAsyncDisposable
{
    private readonly bool _owned;

    private RedisCachingConnection(IConnectionMultiplexer multiplexer, bool owned)
    {
        Multiplexer = multiplexer;
        _owned = owned;
    }

    public IConnectionMultiplexer Multiplexer { get; }

    public static RedisCachingConnection Create(RedisCachingOptions options, IServiceProvider services)
    {
        if (options.Connection is { } connection)
        {
            return new RedisCachingConnection(
                connection(services) ?? throw new InvalidOperationException("AddRedisCaching: Connection returned null; return the application's IConnectionMultiplexer."),
                owned: false);
        }

        // Connect in the background: the application starts while Redis is down, and the store's fail-safe answers
        // from the cores until the multiplexer connects (REDIS006).
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        configuration.AbortOnConnectFail = false;
        return new RedisCachingConnection(ConnectionMultiplexer.Connect(configuration), owned: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned)
        {
            await Multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
