using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Resilience.Tests.Cluster;

/// <summary>
/// Issue 8, cluster: a primary of a 3 + 3 cluster is killed (kill -9) under a steady load of callers through the
/// generated repository and a write-behind worker, and its replica is promoted. The primary chosen holds the
/// write-behind stream. No caller may see an error, no value may be wrong, no write-behind call may be lost.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    /// <summary>
    /// Once with the store's default bound on a Redis call (the multiplexer's asyncTimeout), once with a tight
    /// <see cref="RedisCacheStoreOptions.OperationTimeout"/>: the figures show what each costs callers while the
    /// dead primary's slots have no master.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(250)]
    public async Task PrimaryKilled_ReplicaPromoted_CallersNeverFail_NoValueWrong_NoWriteBehindCallLost(int operationTimeoutMs)
    {
        await using var scenario = await ClusterFaultScenario.StartAsync(
            output, operationTimeout: operationTimeoutMs == 0 ? null : TimeSpan.FromMilliseconds(operationTimeoutMs));
        await scenario.RunLoadAsync(TimeSpan.FromSeconds(3));

        var slot = scenario.StreamSlot;
        var victim = await scenario.Cluster.MasterOfSlotAsync(slot);
        // The items whose entry or tag stamp lives on the victim: a write it acknowledged in its last instant may not
        // have reached its replica (Redis replicates asynchronously), which no client can prevent.
        var onVictim = (await scenario.Multiplexer.GetServer("127.0.0.1", victim.Port).KeysAsync(pattern: scenario.Store.KeyPrefix + "*item:*").ToArrayAsync())
            .Select(k => int.Parse(System.Text.RegularExpressions.Regex.Match(k.ToString(), @"item:(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToHashSet();
        var victimPid = scenario.Cluster.PidOf(victim.Port);
        var readsBefore = scenario.CoreReads;
        var killedAt = scenario.Mark("primary killed");
        await scenario.Cluster.KillNodeAsync(victim.Port);
        var clientBack = scenario.FirstWriteToSlotAsync(slot, killedAt, TimeSpan.FromSeconds(30));
        var promoted = await scenario.Cluster.WaitForFailoverAsync(victim.Id, slot, TimeSpan.FromSeconds(30));
        var promotedAt = scenario.Mark("replica promoted, cluster ok");
        var clientAfter = await clientBack;
        scenario.Mark("client writes the slot again", killedAt + clientAfter);
        var faultEnd = killedAt + (clientAfter > promotedAt - killedAt ? clientAfter : promotedAt - killedAt);
        var readsDuringFault = scenario.CoreReads - readsBefore;

        await Task.Delay(TimeSpan.FromSeconds(3));
        output.WriteLine($"killed primary :{victim.Port} (node {victim.Id[..8]}, pid {victimPid}) serving slot {slot}; replica :{promoted.Port} promoted and cluster ok after {(promotedAt - killedAt).TotalMilliseconds:F0} ms; the client wrote the slot again after {clientAfter.TotalMilliseconds:F0} ms; {onVictim.Count} items had keys on it");
        output.WriteLine($"core reads from the kill to the end of the fault: {readsDuringFault} in {(faultEnd - killedAt).TotalSeconds:F2} s");
        Assert.NotEqual(victim.Port, promoted.Port);

        var window = TimeSpan.FromMilliseconds(250);
        await scenario.FinishAsync(id => onVictim.Contains(id)
                                         && scenario.Load.LastWriteAt(id) > killedAt - window
                                         && scenario.Load.LastWriteAt(id) < killedAt + window);
    }
}
