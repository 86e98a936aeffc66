using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using Caching;
using Caching.TestSupport;
using StackExchange.Redis;
using TagDesigns.Designs;
using TagDesigns.Measuring;

namespace TagDesigns;

/// <summary>
/// The stamp design on a private 3-master Redis Cluster: entries spread over every master carry two tags whose
/// stamps live in different slots on different masters; invalidating one tag must work, with no CROSSSLOT (the
/// store would log it) and one command.
/// </summary>
internal static class ClusterCheck
{
    private const int Checks = 1000;

    public static async Task<(string Report, bool Ok)> RunAsync(int entries, CachePolicy<string> policy)
    {
        await using var cluster = await RedisCluster.StartAsync();
        await using var multiplexer = await cluster.ConnectAsync();
        var servers = multiplexer.GetServers().Where(s => !s.IsReplica).ToArray();
        var stats = new ServerStats(servers);
        var warnings = new WarningCounter();
        var store = new RedisCacheStore(multiplexer, logger: warnings);
        var database = multiplexer.GetDatabase();

        // Two tags whose stamp keys are owned by different masters, so they are in different slots.
        var tagA = "tenant:1";
        var tagB = Enumerable.Range(2, 1000).Select(i => "tenant:" + i.ToString(CultureInfo.InvariantCulture))
            .First(t => !Equals(database.IdentifyEndpoint(StampKey(store, t)), database.IdentifyEndpoint(StampKey(store, tagA))));
        string[] tags = [tagA, tagB];

        // Proof that the two stamps are in different slots: the master owning one refuses a multi-key command over
        // both. Sent to the node directly, because StackExchange.Redis would refuse it before sending.
        var ownerOfA = (IPEndPoint)database.IdentifyEndpoint(StampKey(store, tagA))!;
        string crossSlot;
        try
        {
            await RedisProbe.SendAsync(ownerOfA.Port, TimeSpan.FromSeconds(5), "MGET", StampKey(store, tagA), StampKey(store, tagB));
            crossSlot = "MGET over both stamps was accepted (unexpected)";
        }
        catch (RedisProbeErrorException ex)
        {
            crossSlot = "Redis on " + ownerOfA + " answers MGET over both stamps with: " + ex.Message;
        }

        var clock = Stopwatch.StartNew();
        await store.WarmAsync(Enumerable.Range(0, entries), i => BenchEntries.Key("c", i), _ => tags, policy, BenchEntries.Value, static (v, _, _) => ValueTask.FromResult(v));
        var fillTime = clock.Elapsed;
        var mastersHoldingEntries = (await Task.WhenAll(servers.Select(s => s.DatabaseSizeAsync()))).Count(size => size > 0);

        var random = new Random(7);
        var sample = new[] { 0, entries - 1 }.Concat(Enumerable.Range(0, Checks - 2).Select(_ => random.Next(entries))).ToArray();
        var hitsBefore = 0;
        foreach (var i in sample)
        {
            hitsBefore += (await store.TryGetAsync(BenchEntries.Key("c", i), tags, policy)).IsHit ? 1 : 0;
        }

        await stats.StartSlowlogAsync(slowlogLength: 1000);
        await stats.ResetCommandsAsync();
        clock.Restart();
        var accepted = await store.InvalidateTagAsync(tagB);
        var invalidateTime = clock.Elapsed;
        var serverCommands = await stats.CommandsAsync();
        var (longest, longestText) = await stats.LongestCommandAsync(1000);
        await stats.StopSlowlogAsync();

        var hitsAfter = 0;
        foreach (var i in sample)
        {
            hitsAfter += (await store.TryGetAsync(BenchEntries.Key("c", i), tags, policy)).IsHit ? 1 : 0;
        }

        var (keys, withoutTtl) = await stats.KeyspaceAsync();
        var ok = accepted && hitsBefore == sample.Length && hitsAfter == 0 && warnings.Count == 0 && withoutTtl == 0 && mastersHoldingEntries == 3;

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Cluster: {cluster.Ports.Count} masters; {entries:N0} entries on {mastersHoldingEntries} of them, each tagged '{tagA}' (stamp on {database.IdentifyEndpoint(StampKey(store, tagA))}) and '{tagB}' (stamp on {database.IdentifyEndpoint(StampKey(store, tagB))}).");
        report.AppendLine(crossSlot);
        report.AppendLine(CultureInfo.InvariantCulture, $"Warm (WarmAsync, MGET per slot): {fillTime.TotalMilliseconds:N0} ms. Hits before: {hitsBefore} of {sample.Length}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"InvalidateTagAsync('{tagB}'): accepted={accepted}, {invalidateTime.TotalMilliseconds:N3} ms, Redis ran {serverCommands} (all masters together), longest command {longest.TotalMilliseconds:N3} ms `{longestText}`.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Hits after: {hitsAfter} of {sample.Length}. Store warnings/errors (a CROSSSLOT would be one): {warnings.Count}{(warnings.Count > 0 ? " — first: " + warnings.First : "")}. Keys: {keys:N0}, without TTL: {withoutTtl}.");
        report.AppendLine(ok ? "Cluster check: OK" : "Cluster check: FAILED");
        return (report.ToString(), ok);
    }

    // The runtime's stamp key layout (src/Runtime/Tags/TagStamps.cs), repeated here because it is internal.
    private static string StampKey(RedisCacheStore store, string tag) => store.KeyPrefix + "tag:" + tag + "#tag";
}
