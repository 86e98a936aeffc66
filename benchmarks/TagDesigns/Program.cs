using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Caching;
using Caching.TestSupport;
using TagDesigns;
using TagDesigns.Designs;
using TagDesigns.Measuring;

// Usage: dotnet run -c Release --project benchmarks/TagDesigns -- [--sizes 1000,10000,100000] [--reads 10000]
//        [--fills 2000] [--cluster-entries 100000]   (0 skips the cluster run)
// Starts its own redis-server (and 3-master cluster) on free 127.0.0.1 ports and stops them by PID at the end.
var sizes = Option("--sizes", "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var reads = int.Parse(Option("--reads", "10000"), CultureInfo.InvariantCulture);
var fills = int.Parse(Option("--fills", "2000"), CultureInfo.InvariantCulture);
var clusterEntries = int.Parse(Option("--cluster-entries", "100000"), CultureInfo.InvariantCulture);

var policy = new CachePolicy<string>("TagDesigns.Item", BenchEntries.Ttl, TimeSpan.Zero, 0x5EED0001, StringCacheSerializer.Instance);
var failures = new List<string>();

await using (var server = await RedisServer.StartAsync())
{
    await using var data = await server.ConnectAsync();
    await using var admin = await server.ConnectAsync();
    var redisVersion = admin.GetServer(server.Endpoint).Version;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; redis-server {redisVersion} on {server.Endpoint} (private, no persistence)."));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Reads timed: {reads:N0} per design (sequential hits); single fills timed: {fills:N0} per design (sequential misses)."));

    var stats = new ServerStats([admin.GetServer(server.Endpoint)]);
    var runner = new DesignRunner(stats, reads, fills);
    var store = new RedisCacheStore(data);
    var database = data.GetDatabase();
    ITagDesign[] designs =
    [
        new UntaggedBaseline(store, policy, "s"),
        new StampDesign(store, policy, "s"),
        new VersionedNamespaceDesign(database, "s"),
        new TagSetDesign(database, scan: true, "s"),
        new TagSetDesign(database, scan: false, "s"),
    ];

    var results = new List<DesignResult>();
    foreach (var size in sizes)
    {
        foreach (var design in designs)
        {
            Console.Error.WriteLine($"{design.Name}, {size:N0} entries…");
            var result = await runner.RunAsync(design, size);
            results.Add(result);
            if (result.Invalidation is { HitsAfter: > 0 } invalidation)
            {
                failures.Add($"{design.Name} at {size:N0}: {invalidation.HitsAfter} hits after invalidation");
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine("## Invalidating one tag carried by every entry");
    Console.WriteLine();
    Console.Write(ResultTables.Invalidation(results));
    Console.WriteLine();
    Console.WriteLine("## Cost of tags on reads, fills, memory and bookkeeping");
    Console.WriteLine();
    Console.Write(ResultTables.Costs(results));
    Console.WriteLine();
    Console.Write(ResultTables.Bookkeeping(results));

    // Read latency once more, every design on the same server and in turn, so that noise falls on all alike.
    await stats.FlushAsync();
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## Read latency, interleaved ({reads:N0} reads of each, 10,000 entries each)"));
    Console.WriteLine();
    Console.Write(await InterleavedReads.RunAsync(
        [
            new UntaggedBaseline(store, policy, "base"),
            new StampDesign(store, policy, "stamp"),
            new VersionedNamespaceDesign(database, "ver"),
            new TagSetDesign(database, scan: true, "set"),
        ],
        entries: 10_000,
        rounds: reads));
    await stats.FlushAsync();
}

if (clusterEntries > 0)
{
    Console.WriteLine();
    Console.WriteLine("## Stamps on a 3-master Redis Cluster");
    Console.WriteLine();
    var (report, ok) = await ClusterCheck.RunAsync(clusterEntries, policy);
    Console.Write(report);
    if (!ok)
    {
        failures.Add("cluster check");
    }
}

foreach (var failure in failures)
{
    Console.Error.WriteLine("FAILED: " + failure);
}

return failures.Count == 0 ? 0 : 1;

string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
