using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Comparisons;

/// <summary>
/// <c>--throughput</c>: the Throughput class's workload (50 concurrent callers, 90 % hits on 1000 stored ids, 10 %
/// misses on fresh ids, Redis only) run for 3 s per contender, in 4 alternating rounds, so slow drifts of a shared
/// machine hit every contender alike. Prints ops/s per round and the median ratio to hand-written.
/// </summary>
public static class SteadyThroughput
{
    private const int Callers = 50;
    private const int HotSet = 1000;
    private const int Rounds = 4;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    public static async Task RunAsync()
    {
        await using var c = await Contenders.ConnectAsync();
        await c.Db.ExecuteAsync("FLUSHDB");
        var contenders = new (string Name, Func<int, ValueTask> Call)[]
        {
            ("hand-written SE.Redis + STJ", async id => await c.Hand.GetProductAsync(id)),
            ("generated [Cached]", async id => await c.Generated.GetProductAsync(id)),
            ("FusionCache, memory skipped", async id => await c.FusionGetAsync(id, Contenders.FusionL2Only)),
            ("HybridCache, DisableLocalCache", async id => await c.HybridGetAsync(id, Contenders.HybridL2Only)),
        };
        var next = 7_000_000;
        foreach (var (_, call) in contenders)
        {
            for (var id = 0; id < HotSet; id++)
            {
                await call(id);
            }
        }

        var opsPerSecond = new double[contenders.Length, Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < contenders.Length; i++)
            {
                opsPerSecond[i, round] = await MeasureAsync(contenders[i].Call, () => Interlocked.Increment(ref next));
            }
        }

        Console.WriteLine($"steady throughput: {Callers} callers, 90 % hits, {Duration.TotalSeconds:F0} s per contender and round, {Rounds} rounds");
        Console.WriteLine("| contender | ops/s per round | median ops/s | median % of hand-written |");
        Console.WriteLine("| --- | --- | ---: | ---: |");
        for (var i = 0; i < contenders.Length; i++)
        {
            var rounds = Enumerable.Range(0, Rounds).Select(r => opsPerSecond[i, r]).ToArray();
            var ratios = Enumerable.Range(0, Rounds).Select(r => opsPerSecond[i, r] / opsPerSecond[0, r]);
            Console.WriteLine($"| {contenders[i].Name} | {string.Join(", ", rounds.Select(v => v.ToString("N0")))} | {Median(rounds):N0} | {Median(ratios) * 100:F0} % |");
        }

        await c.Db.ExecuteAsync("FLUSHDB");
    }

    private static async Task<double> MeasureAsync(Func<int, ValueTask> call, Func<int> freshId)
    {
        long operations = 0;
        var clock = Stopwatch.StartNew();
        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; clock.Elapsed < Duration; i++)
            {
                await call(i % 10 == 9 ? freshId() : (caller * 37 + i * 101) % HotSet);
                Interlocked.Increment(ref operations);
            }
        })).ToArray();
        await Task.WhenAll(callers);
        return operations / clock.Elapsed.TotalSeconds;
    }

    private static double Median(System.Collections.Generic.IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}
