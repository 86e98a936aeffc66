using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Comparisons;

/// <summary>
/// <c>--commands</c>: what each contender sends to Redis per operation, from INFO commandstats (reset before
/// each measurement): 100 L2 hits, then 100 misses (fresh keys), one at a time, with the same options as the
/// L2Hit and MissAndFill benchmarks. Commands a Lua script runs are counted too (so EVALSHA + its GET and SET).
/// </summary>
public static class Commands
{
    private const int Calls = 100;

    public static async Task RunAsync()
    {
        await using var c = await Contenders.ConnectAsync();
        var server = c.Redis.GetServers()[0];
        await c.Db.ExecuteAsync("FLUSHDB");
        Console.WriteLine($"commands per operation (INFO commandstats / {Calls} calls)");
        Console.WriteLine("| contender | L2 hit | miss + fill |");
        Console.WriteLine("| --- | --- | --- |");
        var id = 7_000_000;
        await RowAsync(server, "hand-written", async (i, _) => await c.Hand.GetProductAsync(i), () => ++id);
        await RowAsync(server, "generated [Cached]", async (i, _) => await c.Generated.GetProductAsync(i), () => ++id);
        await RowAsync(server, "FusionCache", async (i, hit) => await c.FusionGetAsync(i, hit ? Contenders.FusionL2Only : null), () => ++id);
        await RowAsync(server, "HybridCache", async (i, hit) => await c.HybridGetAsync(i, hit ? Contenders.HybridL2Only : null), () => ++id);
        await c.Db.ExecuteAsync("FLUSHDB");
    }

    private static async Task RowAsync(IServer server, string name, Func<int, bool, Task> call, Func<int> nextId)
    {
        var hot = nextId();
        await call(hot, true);
        await Task.Delay(200);
        var hits = await CountAsync(server, async () =>
        {
            for (var i = 0; i < Calls; i++)
            {
                await call(hot, true);
            }
        });
        var misses = await CountAsync(server, async () =>
        {
            for (var i = 0; i < Calls; i++)
            {
                await call(nextId(), false);
            }

            await Task.Delay(200); // background writes (HybridCache) land
        });
        Console.WriteLine($"| {name} | {hits} | {misses} |");
    }

    private static async Task<string> CountAsync(IServer server, Func<Task> work)
    {
        await server.ExecuteAsync("CONFIG", "RESETSTAT");
        await work();
        var info = await server.InfoAsync("commandstats");
        var counts = new List<string>();
        foreach (var pair in info.SelectMany(group => group))
        {
            // cmdstat_get: calls=100,usec=...
            var command = pair.Key.Replace("cmdstat_", "", StringComparison.Ordinal);
            if (command is "config" or "info" or "ping" or "client" or "cluster" or "echo" or "select" || command.StartsWith("config|", StringComparison.Ordinal) || command.StartsWith("client|", StringComparison.Ordinal))
            {
                continue;
            }

            var calls = long.Parse(pair.Value.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
            counts.Add($"{command.ToUpperInvariant()} {calls / (double)Calls:0.##}");
        }

        return counts.Count == 0 ? "none" : string.Join(" + ", counts);
    }
}
