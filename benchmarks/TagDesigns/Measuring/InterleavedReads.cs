using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using TagDesigns.Designs;

namespace TagDesigns.Measuring;

/// <summary>
/// Read latency of several designs on one server, one read of each in turn (in a rotating order), so that the
/// machine's noise (other builds on two cores) falls on every design alike. The per-design runs count the
/// commands; this only compares time.
/// </summary>
internal static class InterleavedReads
{
    private const string Tag = "bulk";

    public static async Task<string> RunAsync(IReadOnlyList<ITagDesign> designs, int entries, int rounds)
    {
        foreach (var design in designs)
        {
            await design.FillManyAsync(0, entries, Tag);
        }

        var random = new Random(42);
        var times = designs.Select(_ => new double[rounds]).ToArray();
        for (var round = -200; round < rounds; round++)
        {
            var index = random.Next(entries);
            for (var d = 0; d < designs.Count; d++)
            {
                var which = (d + Math.Max(round, 0)) % designs.Count;
                var started = Stopwatch.GetTimestamp();
                if (!await designs[which].ReadAsync(index, Tag))
                {
                    throw new InvalidOperationException($"{designs[which].Name}: entry {index} was a miss.");
                }

                // The first 200 rounds warm up the JIT and the connection and are not kept.
                if (round >= 0)
                {
                    times[which][round] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                }
            }
        }

        var text = new StringBuilder();
        text.AppendLine("| design | median | mean | p90 | p99 | median minus the baseline's |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var baseline = Percentile(times[0], 0.5);
        for (var d = 0; d < designs.Count; d++)
        {
            var median = Percentile(times[d], 0.5);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {designs[d].Name} | {median:N0} µs | {times[d].Average():N0} µs | {Percentile(times[d], 0.9):N0} µs | {Percentile(times[d], 0.99):N0} µs | {median - baseline:+0;-0;0} µs |"));
        }

        return text.ToString();
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
