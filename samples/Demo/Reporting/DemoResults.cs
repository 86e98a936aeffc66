using System;
using System.Collections.Generic;
using Demo.Workload;

namespace Demo.Reporting;

/// <summary>A key the demo wrote, with its read count and the TTL Redis reports for it (null: no expiry or gone).</summary>
public sealed record KeySample(string Key, int Reads, TimeSpan? RedisTtl);

/// <summary>Everything the report shows.</summary>
public sealed record DemoResults(
    TimeSpan NetworkRoundTrip,
    LatencyLog Cached,
    LatencyLog Uncached,
    IReadOnlyDictionary<OperationKind, int> CoreCalls,
    IReadOnlyList<KeySample> Keys);
