using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Resilience.Tests.Cluster;

/// <summary>
/// Issue 8, cluster: slots move between primaries (redis-cli --cluster reshard, then rebalance) under a steady load
/// of callers through the generated repository and a write-behind worker; clients get MOVED and ASK redirects, and
/// multi-key commands on a slot half-migrated get TRYAGAIN. The moved slots include the write-behind stream's, which
/// then moves back by hand and stays half-moved (every command on it answered ASK) for a second.
/// No caller may see an error, no CROSSSLOT, no value may be wrong, no write-behind call may be lost.
/// </summary>
public sealed class ClusterReshardTests(ITestOutputHelper output)
{
    private const int SlotsMoved = 1000;

    [Fact]
    public async Task SlotsResharded_UnderLoad_CallersNeverFail_NoValueWrong_NoWriteBehindCallLost()
    {
        // A prefix whose stream sits among the first slots of its master: redis-cli moves a master's lowest slots.
        await using var scenario = await ClusterFaultScenario.StartAsync(
            output, static (slot, nodes) => nodes.Any(n => n.IsMaster && n.Slots.Any(r => slot >= r.From && slot < r.From + SlotsMoved / 2)));
        await scenario.RunLoadAsync(TimeSpan.FromSeconds(3));

        var slot = scenario.StreamSlot;
        var source = await scenario.Cluster.MasterOfSlotAsync(slot);
        var target = (await scenario.Cluster.NodesAsync()).First(n => n.IsMaster && n.Id != source.Id);
        var readsBefore = scenario.CoreReads;
        var reshardAt = scenario.Mark("reshard started");
        await scenario.Cluster.ReshardAsync(source.Id, target.Id, SlotsMoved, TimeSpan.FromSeconds(60));
        var reshardDone = scenario.Mark("reshard done");
        Assert.Equal(target.Id, (await scenario.Cluster.MasterOfSlotAsync(slot)).Id);
        var readsDuringReshard = scenario.CoreReads - readsBefore;

        // The stream's slot back to its first master by hand, held half-moved (ASK) for a second under the load.
        readsBefore = scenario.CoreReads;
        var askAt = scenario.Mark("slot held in ASK");
        var keysMoved = await scenario.Cluster.MigrateSlotHoldingAskAsync(slot, target, source, TimeSpan.FromSeconds(1));
        var askDone = scenario.Mark("slot migrated back");
        Assert.Equal(source.Id, (await scenario.Cluster.MasterOfSlotAsync(slot)).Id);
        var readsDuringAsk = scenario.CoreReads - readsBefore;

        var before = (await scenario.Cluster.NodesAsync()).Where(n => n.IsMaster).Select(n => n.SlotCount).ToArray();
        readsBefore = scenario.CoreReads;
        var rebalanceAt = scenario.Mark("rebalance started");
        await scenario.Cluster.RebalanceAsync(TimeSpan.FromSeconds(60));
        var rebalanceDone = scenario.Mark("rebalance done");
        var readsDuringRebalance = scenario.CoreReads - readsBefore;
        var masters = (await scenario.Cluster.NodesAsync()).Where(n => n.IsMaster).Select(n => n.SlotCount).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        output.WriteLine($"reshard of {SlotsMoved} slots (stream slot {slot} among them) :{source.Port} -> :{target.Port} took {(reshardDone - reshardAt).TotalSeconds:F1} s, {readsDuringReshard} core reads meanwhile");
        output.WriteLine($"slot {slot} moved back by hand with {keysMoved} keys, held in ASK for 1 s: {(askDone - askAt).TotalSeconds:F1} s, {readsDuringAsk} core reads meanwhile");
        output.WriteLine($"rebalance took {(rebalanceDone - rebalanceAt).TotalSeconds:F1} s, {readsDuringRebalance} core reads meanwhile; masters held {string.Join(" / ", before)} slots, now {string.Join(" / ", masters)}");

        await scenario.FinishAsync();
    }
}
