using System;
using System.Threading.Tasks;
using StackExchange.Redis;
using Xunit;

namespace Caching.TestSupport;

/// <summary>One <see cref="RedisCluster"/> and one connected multiplexer shared by a test collection (<see cref="RedisCollections.Cluster"/>).</summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private RedisCluster? _cluster;
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>The shared cluster.</summary>
    public RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A multiplexer connected to every node of <see cref="Cluster"/>; tests must not dispose it.</summary>
    public ConnectionMultiplexer Multiplexer => _multiplexer ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _cluster = await RedisCluster.StartAsync().ConfigureAwait(false);
        _multiplexer = await _cluster.ConnectAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync().ConfigureAwait(false);
        }
    }
}
