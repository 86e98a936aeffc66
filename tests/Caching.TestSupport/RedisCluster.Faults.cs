using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Caching.TestSupport;

// The faults a cluster test injects: kill a node (kill -9, so its replica is promoted), move slots between masters
// (MOVED and ASK for clients), and the waits that tell when the cluster has settled again.
public sealed partial class RedisCluster
{
    /// <summary>The ports of the nodes not killed by <see cref="KillNodeAsync"/>.</summary>
    public IReadOnlyList<int> LivePorts => Ports.Where(p => !_killed.Contains(p)).ToArray();

    /// <summary>The PID of the redis-server on <paramref name="port"/>.</summary>
    public int PidOf(int port) => Node(port).Process.Pid;

    /// <summary>Kills the node on <paramref name="port"/> by its PID (SIGKILL: a crash, no goodbye to the cluster).</summary>
    public async Task KillNodeAsync(int port)
    {
        var node = Node(port);
        _killed.Add(port);
        await node.Process.KillAsync().ConfigureAwait(false);
    }

    /// <summary>The cluster as one live node sees it (<c>CLUSTER NODES</c>).</summary>
    public async Task<IReadOnlyList<RedisClusterNode>> NodesAsync()
    {
        var text = await RedisProbe.SendAsync(LivePorts[0], TimeSpan.FromSeconds(2), "CLUSTER", "NODES").ConfigureAwait(false) ?? "";
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(RedisClusterNode.Parse).ToArray();
    }

    /// <summary>The healthy master that serves <paramref name="slot"/>, as a live node sees it.</summary>
    public async Task<RedisClusterNode> MasterOfSlotAsync(int slot)
        => (await NodesAsync().ConfigureAwait(false)).Single(n => n.IsMaster && !n.IsFailed && n.Serves(slot));

    /// <summary>
    /// Waits until every live replica has a live link to its master and no sync in progress, so that a failover
    /// finds a replica holding the master's data and eligible for promotion.
    /// </summary>
    public async Task WaitUntilReplicasInSyncAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            var ok = true;
            foreach (var port in LivePorts)
            {
                last = await RedisProbe.SendAsync(port, TimeSpan.FromSeconds(2), "INFO", "replication").ConfigureAwait(false) ?? "";
                if (last.Contains("role:slave", StringComparison.Ordinal))
                {
                    ok &= last.Contains("master_link_status:up", StringComparison.Ordinal)
                          && last.Contains("master_sync_in_progress:0", StringComparison.Ordinal);
                }
            }

            if (ok)
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"The replicas were not in sync after {timeout}. Last INFO replication:\n{last}");
    }

    /// <summary>
    /// Waits until a live master other than <paramref name="failedMasterId"/> serves <paramref name="slot"/> (its
    /// replica was promoted) and every live node sees the cluster ok; returns the new master.
    /// </summary>
    public async Task<RedisClusterNode> WaitForFailoverAsync(string failedMasterId, int slot, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var master = (await NodesAsync().ConfigureAwait(false))
                    .FirstOrDefault(n => n.IsMaster && !n.IsFailed && n.Id != failedMasterId && n.Serves(slot));
                if (master is not null)
                {
                    await WaitUntilOkAsync(timeout - clock.Elapsed).ConfigureAwait(false);
                    return master;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or RedisProbeErrorException)
            {
                // A node busy with the election; ask again.
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"No replica was promoted for slot {slot} within {timeout}.");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves <paramref name="slots"/> slots, keys included, from one master to another with
    /// <c>redis-cli --cluster reshard</c>; clients meanwhile get MOVED and ASK redirects. Returns redis-cli's output.
    /// </summary>
    public Task<string> ReshardAsync(string fromId, string toId, int slots, TimeSpan timeout)
        => RunClusterCommandAsync(
            [
                "reshard", "127.0.0.1:" + LivePorts[0].ToString(CultureInfo.InvariantCulture),
                "--cluster-from", fromId, "--cluster-to", toId,
                "--cluster-slots", slots.ToString(CultureInfo.InvariantCulture), "--cluster-yes",
            ],
            timeout);

    /// <summary>
    /// Evens out the slots between the masters with <c>redis-cli --cluster rebalance</c> (moving any master more than
    /// 2% off its share); returns redis-cli's output.
    /// </summary>
    public Task<string> RebalanceAsync(TimeSpan timeout)
        => RunClusterCommandAsync(["rebalance", "127.0.0.1:" + LivePorts[0].ToString(CultureInfo.InvariantCulture)], timeout);

    /// <summary>
    /// Moves one slot by hand, as redis-cli does, but holds it half-moved for <paramref name="holdAsk"/>: the slot is
    /// MIGRATING on the source and IMPORTING on the target and its keys are already on the target, so every command
    /// on them is answered ASK by the source and must be resent to the target with ASKING. Then the slot is
    /// assigned to the target on every master (MOVED from then on). Returns how many keys moved.
    /// </summary>
    public async Task<int> MigrateSlotHoldingAskAsync(int slot, RedisClusterNode source, RedisClusterNode target, TimeSpan holdAsk)
    {
        var slotText = slot.ToString(CultureInfo.InvariantCulture);
        await CliAsync(target.Port, "CLUSTER", "SETSLOT", slotText, "IMPORTING", source.Id).ConfigureAwait(false);
        await CliAsync(source.Port, "CLUSTER", "SETSLOT", slotText, "MIGRATING", target.Id).ConfigureAwait(false);
        var moved = await MigrateKeysAsync(slotText, source, target).ConfigureAwait(false);
        await Task.Delay(holdAsk).ConfigureAwait(false);
        moved += await MigrateKeysAsync(slotText, source, target).ConfigureAwait(false); // none expected: new keys go to the target
        // The new owner first, then the old one, then the rest, as redis-cli does: the other way round, the old owner
        // would send clients to a target that still refuses them without ASKING, and back (a MOVED loop).
        var masters = (await NodesAsync().ConfigureAwait(false)).Where(n => n.IsMaster && !n.IsFailed)
            .OrderBy(n => n.Id == target.Id ? 0 : n.Id == source.Id ? 1 : 2);
        foreach (var master in masters)
        {
            await CliAsync(master.Port, "CLUSTER", "SETSLOT", slotText, "NODE", target.Id).ConfigureAwait(false);
        }

        return moved;
    }

    private static async Task<int> MigrateKeysAsync(string slot, RedisClusterNode source, RedisClusterNode target)
    {
        var keys = (await CliAsync(source.Port, "CLUSTER", "GETKEYSINSLOT", slot, "10000").ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (keys.Length > 0)
        {
            await CliAsync(source.Port, ["MIGRATE", "127.0.0.1", target.Port.ToString(CultureInfo.InvariantCulture), "", "0", "5000", "KEYS", .. keys]).ConfigureAwait(false);
        }

        return keys.Length;
    }

    // One command through redis-cli (which prints an array one element a line); an error reply throws.
    private static async Task<string> CliAsync(int port, params string[] command)
    {
        var start = new ProcessStartInfo(RedisTools.RedisCli)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) }.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }

        using var cli = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var text = await output.ConfigureAwait(false);
        if (cli.ExitCode != 0 || text.StartsWith("ERR", StringComparison.Ordinal) || text.StartsWith("(error)", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-cli {string.Join(" ", command.Take(3))} on {port} failed: {text} {await errors.ConfigureAwait(false)}");
        }

        return text;
    }

    private (RedisProcess Process, string Directory) Node(int port)
        => _nodes.Single(n => n.Process.Port == port);
}

/// <summary>One line of <c>CLUSTER NODES</c>: a node's id, port, role, health, master and slot ranges.</summary>
public sealed record RedisClusterNode(string Id, int Port, bool IsMaster, bool IsFailed, string? MasterId, IReadOnlyList<(int From, int To)> Slots)
{
    /// <summary>Whether one of the node's ranges holds <paramref name="slot"/>.</summary>
    public bool Serves(int slot) => Slots.Any(r => r.From <= slot && slot <= r.To);

    /// <summary>How many slots the node serves.</summary>
    public int SlotCount => Slots.Sum(r => r.To - r.From + 1);

    /// <summary>Parses <c>id ip:port@bus flags master ping pong epoch state slot...</c>.</summary>
    public static RedisClusterNode Parse(string line)
    {
        var parts = line.Trim().Split(' ');
        var address = parts[1];
        var port = int.Parse(address.AsSpan(address.LastIndexOf(':') + 1, address.IndexOf('@') - address.LastIndexOf(':') - 1), CultureInfo.InvariantCulture);
        var flags = parts[2].Split(',');
        var slots = new List<(int, int)>();
        foreach (var range in parts.Skip(8))
        {
            if (range.StartsWith('['))
            {
                continue; // a slot being migrated or imported: [slot->-id] / [slot-<-id]
            }

            var dash = range.IndexOf('-');
            slots.Add(dash < 0
                ? (int.Parse(range, CultureInfo.InvariantCulture), int.Parse(range, CultureInfo.InvariantCulture))
                : (int.Parse(range.AsSpan(0, dash), CultureInfo.InvariantCulture), int.Parse(range.AsSpan(dash + 1), CultureInfo.InvariantCulture)));
        }

        return new RedisClusterNode(
            parts[0], port, flags.Contains("master"), flags.Contains("fail") || flags.Contains("fail?"),
            parts[3] == "-" ? null : parts[3], slots);
    }
}
