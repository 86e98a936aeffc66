using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching.TestSupport;

/// <summary>
/// A private Redis Cluster of masters only (three by default), each node a redis-server on a free 127.0.0.1 port
/// whose bus port (port + 10000) is free too, in its own temp folder.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private const int StartAttempts = 10;
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] ClusterArguments =
        ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"];

    private readonly List<(RedisProcess Process, string Directory)> _nodes = new();

    private RedisCluster()
    {
    }

    /// <summary>The nodes' ports on 127.0.0.1, all masters.</summary>
    public IReadOnlyList<int> Ports => _nodes.Select(n => n.Process.Port).ToArray();

    /// <summary>The nodes as <c>127.0.0.1:port</c>.</summary>
    public IReadOnlyList<string> Endpoints => Ports.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// A StackExchange.Redis configuration string naming every node, with short timeouts; admin commands are allowed
    /// (StackExchange.Redis 3.x counts CLUSTER among them) because the cluster is private to the tests.
    /// </summary>
    public string ConnectionString => string.Join(",", Endpoints) + ",abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000,allowAdmin=true";

    /// <summary>Starts the nodes, joins them into a cluster covering all 16384 slots, and waits until it is ok.</summary>
    public static async Task<RedisCluster> StartAsync(int masters = 3)
    {
        var cluster = new RedisCluster();
        try
        {
            for (var i = 0; i < masters; i++)
            {
                cluster._nodes.Add(await StartNodeAsync().ConfigureAwait(false));
            }

            await cluster.CreateAsync().ConfigureAwait(false);
            await cluster.WaitUntilOkAsync().ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Connects a new multiplexer to the cluster, which the caller owns.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync()
        => await ConnectionMultiplexer.ConnectAsync(ConnectionString).ConfigureAwait(false);

    /// <summary>Kills every node by its PID and deletes their folders.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (process, directory) in _nodes)
        {
            await process.KillAsync().ConfigureAwait(false);
            TempDirectories.TryDelete(directory);
        }

        _nodes.Clear();
    }

    private static async Task<(RedisProcess, string)> StartNodeAsync()
    {
        var directory = TempDirectories.Create("redis-cluster");
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPorts.Pick(withClusterBus: true);
            try
            {
                return (await RedisProcess.StartAsync(port, directory, ClusterArguments).ConfigureAwait(false), directory);
            }
            catch (PortTakenException) when (attempt < StartAttempts)
            {
                // Another process took the port (or its bus port) between the check and the start; try another.
            }
            catch
            {
                TempDirectories.TryDelete(directory);
                throw;
            }
        }
    }

    private async Task CreateAsync()
    {
        var start = new ProcessStartInfo(RedisTools.RedisCli)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var endpoint in Endpoints)
        {
            start.ArgumentList.Add(endpoint);
        }

        foreach (var argument in new[] { "--cluster-replicas", "0", "--cluster-yes" })
        {
            start.ArgumentList.Add(argument);
        }

        using var cli = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        try
        {
            await cli.WaitForExitAsync().WaitAsync(CreateTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            cli.Kill();
            throw new TimeoutException($"redis-cli --cluster create did not finish within {CreateTimeout}.");
        }

        if (cli.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"redis-cli --cluster create failed with exit code {cli.ExitCode}:\n{await output.ConfigureAwait(false)}\n{await errors.ConfigureAwait(false)}");
        }
    }

    // Every node must see the whole cluster as ok, or a client's first commands may be refused with CLUSTERDOWN.
    private async Task WaitUntilOkAsync()
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < ReadyTimeout)
        {
            var ok = true;
            foreach (var port in Ports)
            {
                last = await RedisProbe.SendAsync(port, TimeSpan.FromSeconds(2), "CLUSTER", "INFO").ConfigureAwait(false) ?? "";
                ok &= last.Contains("cluster_state:ok", StringComparison.Ordinal)
                      && last.Contains("cluster_slots_ok:16384", StringComparison.Ordinal)
                      && last.Contains("cluster_known_nodes:" + _nodes.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            if (ok)
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"The cluster was not ok after {ReadyTimeout}. Last CLUSTER INFO:\n{last}");
    }
}
