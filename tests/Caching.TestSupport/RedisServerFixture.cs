using System;
using System.Threading.Tasks;
using StackExchange.Redis;
using Xunit;

namespace Caching.TestSupport;

/// <summary>
/// One <see cref="RedisServer"/> and one connected multiplexer shared by a test collection
/// (<see cref="RedisCollections.Server"/>). Tests that share it must use their own keys and must not stop it.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>The shared server.</summary>
    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A multiplexer connected to <see cref="Server"/>; tests must not dispose it.</summary>
    public ConnectionMultiplexer Multiplexer => _multiplexer ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The default database of <see cref="Multiplexer"/>.</summary>
    public IDatabase Database => Multiplexer.GetDatabase();

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync().ConfigureAwait(false);
        _multiplexer = await _server.ConnectAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        }

        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
