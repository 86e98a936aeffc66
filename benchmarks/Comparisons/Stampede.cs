using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Comparisons;

/// <summary>
/// <c>--stampede</c>: 1000 callers park on one gate, the gate opens, and all ask for the same cold key; the core
/// takes 50 ms (a slow database). Prints the core calls and the wall time of each run, per contender. Everyone
/// runs as configured in production (the peers with L1 + L2).
/// </summary>
public static class Stampede
{
    private const int Callers = 1000;
    private const int Runs = 5;

    public static async Task RunAsync()
    {
        await using var c = await Contenders.ConnectAsync();
        await c.Db.ExecuteAsync("FLUSHDB");
        Core.Delay = TimeSpan.FromMilliseconds(50);
        ThreadPool.GetMinThreads(out var workers, out var io);
        Console.WriteLine($"stampede: {Callers} concurrent callers on one cold key per run, core = 50 ms delay, {Runs} runs after one warm-up; min threads {workers}");
        Console.WriteLine("| contender | core calls per run | wall ms per run |");
        Console.WriteLine("| --- | --- | --- |");
        var id = 5_000_000;
        await MeasureAsync("hand-written naive cache-aside", i => c.Hand.GetProductAsync(i).AsTask(), () => ++id);
        await MeasureAsync("generated [Cached]", i => c.Generated.GetProductAsync(i).AsTask(), () => ++id);
        await MeasureAsync("FusionCache GetOrSetAsync (L1 + L2)", async i => await c.FusionGetAsync(i), () => ++id);
        await MeasureAsync("HybridCache GetOrCreateAsync (L1 + L2)", async i => await c.HybridGetAsync(i), () => ++id);
        await c.Db.ExecuteAsync("FLUSHDB");
    }

    private static async Task MeasureAsync(string name, Func<int, Task<Product?>> call, Func<int> nextId)
    {
        var calls = new int[Runs];
        var millis = new long[Runs];
        for (var run = -1; run < Runs; run++)
        {
            var id = nextId();
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
            {
                await gate.Task;
                var product = await call(id);
                if (product?.Id != id)
                {
                    throw new InvalidOperationException($"{name} returned the wrong product.");
                }
            })).ToArray();
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

        Console.WriteLine($"| {name} | {string.Join(", ", calls)} | {string.Join(", ", millis)} |");
    }
}
