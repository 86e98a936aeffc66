using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching.TestSupport;

/// <summary>
/// A private Redis Cluster of masters (three by default) and, optionally, replicas of each, every node a
/// redis-server on a free 127.0.0.1 port whose bus port (port + 10000) is free too, in its own temp folder.
/// The fault operations (kill a node, reshard, wait for a failover) are in RedisCluster.Faults.cs.
/// </summary>
public sealed partial class RedisCluster : IAsyncDisposable
{
    private const int StartAttempts = 10;
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly List<(RedisProcess Process, string Directory)> _nodes = new();
    private readonly int _replicasPerMaster;
    private readonly HashSet<int> _killed = new();

    private RedisCluster(int replicasPerMaster)
    {
        _replicasPerMaster = replicasPerMaster;
    }

    /// <summary>The nodes' ports on 127.0.0.1 (masters first when created, then their replicas), killed ones included.</summary>
    public IReadOnlyList<int> Ports => _nodes.Select(n => n.Process.Port).ToArray();

    /// <summary>The nodes as <c>127.0.0.1:port</c>.</summary>
    public IReadOnlyList<string> Endpoints => Ports.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// A StackExchange.Redis configuration string naming every node, with short timeouts; admin commands are allowed
    /// (StackExchange.Redis 3.x counts CLUSTER among them) because the cluster is private to the tests.
    /// </summary>
    public string ConnectionString => string.Join(",", Endpoints) + ",abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000,allowAdmin=true";

    /// <summary>
    /// Starts the nodes, joins them into a cluster covering all 16384 slots, and waits until it is ok and every
    /// replica is in sync with its master. <paramref name="nodeTimeoutMs"/> is <c>cluster-node-timeout</c>: how long
    /// a master must be unreachable before its replica is promoted (a failover test wants it short).
    /// </summary>
    public static async Task<RedisCluster> StartAsync(int masters = 3, int replicasPerMaster = 0, int nodeTimeoutMs = 5000)
    {
        var cluster = new RedisCluster(replicasPerMaster);
        string[] arguments =
        [
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", nodeTimeoutMs.ToString(CultureInfo.InvariantCulture),
        ];
        try
        {
            for (var i = 0; i < masters * (1 + replicasPerMaster); i++)
            {
                cluster._nodes.Add(await StartNodeAsync(arguments).ConfigureAwait(false));
            }

            await cluster.CreateAsync().ConfigureAwait(false);
            await cluster.WaitUntilOkAsync(ReadyTimeout).ConfigureAwait(false);
            await cluster.WaitUntilReplicasInSyncAsync(ReadyTimeout).ConfigureAwait(false);
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
            if (!_killed.Contains(process.Port))
            {
                await process.KillAsync().ConfigureAwait(false);
            }

            TempDirectories.TryDelete(directory);
        }

        _nodes.Clear();
    }

    private static async Task<(RedisProcess, string)> StartNodeAsync(string[] clusterArguments)
    {
        var directory = TempDirectories.Create("redis-cluster");
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPorts.Pick(withClusterBus: true);
            try
            {
                return (await RedisProcess.StartAsync(port, directory, clusterArguments).ConfigureAwait(false), directory);
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

    private Task CreateAsync()
        => RunClusterCommandAsync(
            ["create", .. Endpoints, "--cluster-replicas", _replicasPerMaster.ToString(CultureInfo.InvariantCulture), "--cluster-yes"],
            CreateTimeout);

    // Runs `redis-cli --cluster <arguments>` and returns its output; a non-zero exit or a timeout throws with it.
    private static async Task<string> RunClusterCommandAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(RedisTools.RedisCli)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--cluster");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var name = "redis-cli --cluster " + string.Join(" ", start.ArgumentList.Skip(1).Take(1));
        using var cli = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        try
        {
            await cli.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            cli.Kill();
            throw new TimeoutException($"{name} did not finish within {timeout}.");
        }

        var text = await output.ConfigureAwait(false) + "\n" + await errors.ConfigureAwait(false);
        if (cli.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} failed with exit code {cli.ExitCode}:\n{text}");
        }

        return text;
    }

    /// <summary>
    /// Waits until every live node sees the whole cluster as ok (all 16384 slots served), or a client's commands may
    /// be refused with CLUSTERDOWN. Killed nodes are still known to the others, so they count in the node total.
    /// </summary>
    public async Task WaitUntilOkAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            var ok = true;
            foreach (var port in LivePorts)
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

        throw new TimeoutException($"The cluster was not ok after {timeout}. Last CLUSTER INFO:\n{last}");
    }
}
