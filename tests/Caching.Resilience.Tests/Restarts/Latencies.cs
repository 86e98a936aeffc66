using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;

namespace Caching.Resilience.Tests.Restarts;

/// <summary>Call durations gathered from many concurrent callers, summarized as max and p99 for the report.</summary>
internal sealed class Latencies
{
    private readonly ConcurrentBag<double> _milliseconds = new();

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public int Count => _milliseconds.Count;

    public double Max => _milliseconds.IsEmpty ? 0 : _milliseconds.Max();

    /// <summary>The 99th percentile (nearest rank), in milliseconds.</summary>
    public double P99 => Percentile(0.99);

    public double P50 => Percentile(0.50);

    private double Percentile(double p)
    {
        var sorted = _milliseconds.OrderBy(x => x).ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Count} calls, p50 {P50:F1} ms, p99 {P99:F1} ms, max {Max:F1} ms");
}
