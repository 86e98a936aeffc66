using System;
using System.Collections.Generic;

namespace Demo.Workload;

/// <summary>Latencies of one run, per operation kind, in milliseconds.</summary>
public sealed class LatencyLog
{
    private readonly Dictionary<OperationKind, List<double>> _samples = [];
    private readonly List<double> _all = [];

    public void Add(OperationKind kind, double milliseconds)
    {
        if (!_samples.TryGetValue(kind, out var list))
        {
            _samples[kind] = list = [];
        }

        list.Add(milliseconds);
        _all.Add(milliseconds);
    }

    public int Count(OperationKind kind) => _samples.TryGetValue(kind, out var list) ? list.Count : 0;

    public int TotalCount => _all.Count;

    /// <summary>The nearest-rank percentile (0 &lt; p ≤ 100) of one kind, or of all calls when <paramref name="kind"/> is null.</summary>
    public double Percentile(OperationKind? kind, double p)
    {
        var source = kind is { } k ? (_samples.TryGetValue(k, out var list) ? list : []) : _all;
        if (source.Count == 0)
        {
            return double.NaN;
        }

        var sorted = source.ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public TimeSpan Total { get; set; }
}
