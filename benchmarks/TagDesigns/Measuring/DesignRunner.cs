using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using TagDesigns.Designs;

namespace TagDesigns.Measuring;

/// <summary>
/// Runs one design through the same script on an emptied server: bulk fill of N tagged entries, sequential reads
/// (hits), sequential single fills (misses), then one invalidation of the tag all N carry, checked by reads that
/// must all miss, and a count of keys left without an expiry. Commands are counted by the server.
/// </summary>
internal sealed class DesignRunner(ServerStats server, int reads, int fills)
{
    private const string BulkTag = "bulk";
    private const string SingleTag = "single";
    private const int Checks = 1000;
    private const int SlowlogLength = 200_000;

    public async Task<DesignResult> RunAsync(ITagDesign design, int entries)
    {
        await server.FlushAsync();
        var memoryBefore = await server.UsedMemoryAsync();

        // Bulk fill, pipelined in batches.
        await server.ResetCommandsAsync();
        var clock = Stopwatch.StartNew();
        await design.FillManyAsync(0, entries, BulkTag);
        var bulkFillTime = clock.Elapsed;
        var bulkCommands = await server.CommandsAsync();
        var memoryAfterFill = await server.UsedMemoryAsync() - memoryBefore;

        // Reads: one at a time, so the latency is the round trips a read needs.
        var random = new Random(entries);
        var readIndexes = Enumerable.Range(0, reads).Select(_ => random.Next(entries)).ToArray();
        await WarmUpAsync(design, readIndexes);
        var (readTimes, readCommands) = await TimeEachAsync(readIndexes, async i =>
        {
            if (!await design.ReadAsync(i, BulkTag))
            {
                throw new InvalidOperationException($"{design.Name}: entry {i} was a miss before any invalidation.");
            }
        });

        // Single fills: a miss, then the store, one at a time, on keys past the bulk ones and under another tag.
        var fillIndexes = Enumerable.Range(entries, fills).ToArray();
        var (fillTimes, fillCommands) = await TimeEachAsync(fillIndexes, async i =>
        {
            if (!await design.FillOneAsync(i, SingleTag))
            {
                throw new InvalidOperationException($"{design.Name}: fill of entry {i} found it already there.");
            }
        });

        // The bookkeeping keys' size, where it is largest: a tag set before the invalidation deletes it, a stamp or a
        // counter after the invalidation writes it.
        var bookkeepingBytes = await server.MemoryUsageAsync(design.BookkeepingKeys(BulkTag));
        Invalidation? invalidation = null;
        if (design.CanInvalidate)
        {
            invalidation = await InvalidateAsync(design, entries);
            bookkeepingBytes = Math.Max(bookkeepingBytes, await server.MemoryUsageAsync(design.BookkeepingKeys(BulkTag)));
        }

        return new DesignResult(
            design.Name, entries, design.Bookkeeping, bulkFillTime, bulkCommands, memoryAfterFill, bookkeepingBytes,
            reads, Percentile(readTimes, 0.5), readTimes.Average(), Percentile(readTimes, 0.99), readCommands,
            fills, Percentile(fillTimes, 0.5), fillTimes.Average(), fillCommands,
            invalidation, (await server.KeyspaceAsync()).WithoutTtl);
    }

    private async Task<Invalidation> InvalidateAsync(ITagDesign design, int entries)
    {
        var memoryBefore = await server.UsedMemoryAsync();
        await server.StartSlowlogAsync(SlowlogLength);
        await server.ResetCommandsAsync();
        var clock = Stopwatch.StartNew();
        await design.InvalidateAsync(BulkTag);
        var wallTime = clock.Elapsed;
        var commands = await server.CommandsAsync();
        var (longest, longestText) = await server.LongestCommandAsync(SlowlogLength);
        await server.StopSlowlogAsync();

        // Every bulk entry must now be a miss: the first, the last, and a sample in between.
        var random = new Random(entries + 1);
        var checks = new[] { 0, entries - 1 }.Concat(Enumerable.Range(0, Checks - 2).Select(_ => random.Next(entries))).ToArray();
        var hits = 0;
        foreach (var i in checks)
        {
            hits += await design.ReadAsync(i, BulkTag) ? 1 : 0;
        }

        // UNLINK frees in the background; give it a moment before reading what was released.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var released = memoryBefore - await server.UsedMemoryAsync();
        return new Invalidation(wallTime, commands, longest, longestText, released, hits, checks.Length);
    }

    private static async Task WarmUpAsync(ITagDesign design, int[] indexes)
    {
        // JIT and connection warm-up, so the first timed calls are not the slowest.
        foreach (var i in indexes.Take(200))
        {
            await design.ReadAsync(i, BulkTag);
        }
    }

    private async Task<(double[] Microseconds, CommandCounts Commands)> TimeEachAsync(int[] indexes, Func<int, Task> operation)
    {
        var times = new double[indexes.Length];
        await server.ResetCommandsAsync();
        for (var n = 0; n < indexes.Length; n++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(indexes[n]);
            times[n] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        return (times, await server.CommandsAsync());
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
