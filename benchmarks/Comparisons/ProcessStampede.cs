using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching;
using StackExchange.Redis;

namespace Comparisons;

/// <summary>
/// <c>--stampede-processes</c>: 8 "processes" (each its own <see cref="ConnectionMultiplexer"/> and
/// <see cref="RedisCacheStore"/>, so in-process sharing cannot help) × 50 callers park on one gate, then all ask for
/// the same cold key; the core takes 200 ms. Prints the core calls and the wall time of each run, with distributed
/// fills off and on (<c>docs/design/stampede.md</c>, "Across processes").
/// </summary>
public static class ProcessStampede
{
    private const int Processes = 8;
    private const int CallersPerProcess = 50;
    private const int Runs = 5;

    private static readonly CachePolicy<Product> Policy = new(
        "Bench.Product", TimeSpan.FromMinutes(10), TimeSpan.Zero, 0xBE_0001, new JsonCacheSerializer<Product>(BenchJson.Default.Product));

    public static async Task RunAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable(Program.RedisVariable)!;
        Core.Delay = TimeSpan.FromMilliseconds(200);
        Console.WriteLine($"stampede across processes: {Processes} stores on their own multiplexers x {CallersPerProcess} callers on one cold key per run, core = 200 ms delay, {Runs} runs after one warm-up");
        Console.WriteLine("| distributed fill | core calls per run | wall ms per run |");
        Console.WriteLine("| --- | --- | --- |");
        await MeasureAsync(endpoint, enabled: false);
        await MeasureAsync(endpoint, enabled: true);
    }

    private static async Task MeasureAsync(string endpoint, bool enabled)
    {
        var multiplexers = new ConnectionMultiplexer[Processes];
        try
        {
            for (var i = 0; i < Processes; i++)
            {
                multiplexers[i] = await ConnectionMultiplexer.ConnectAsync(endpoint);
            }

            var stores = multiplexers
                .Select(m => new RedisCacheStore(m, new RedisCacheStoreOptions { KeyPrefix = "bench-processes", DistributedFill = new DistributedFillOptions { Enabled = enabled } }))
                .ToArray();
            var calls = new int[Runs];
            var millis = new long[Runs];
            for (var run = -1; run < Runs; run++)
            {
                var id = Random.Shared.Next(10_000_000, int.MaxValue);
                var key = stores[0].KeyPrefix + "product:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "#be000001";
                var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var callers = stores.SelectMany(store => Enumerable.Range(0, CallersPerProcess).Select(_ => Task.Run(async () =>
                {
                    await gate.Task;
                    var product = await store.GetOrCreateAsync(key, Policy, id, static (i, ct) => Core.LoadAsync(i, ct));
                    if (product.Id != id)
                    {
                        throw new InvalidOperationException("The wrong product came back.");
                    }
                }))).ToArray();
                await Task.Delay(100); // let every caller reach the gate
                var before = Core.Calls;
                var clock = Stopwatch.StartNew();
                gate.SetResult();
                await Task.WhenAll(callers);
                if (run >= 0)
                {
                    millis[run] = clock.ElapsedMilliseconds;
                    calls[run] = Core.Calls - before;
                }
            }

            Console.WriteLine($"| {(enabled ? "on" : "off")} | {string.Join(", ", calls)} | {string.Join(", ", millis)} |");
        }
        finally
        {
            foreach (var multiplexer in multiplexers.Where(m => m is not null))
            {
                await multiplexer.DisposeAsync();
            }
        }
    }
}
