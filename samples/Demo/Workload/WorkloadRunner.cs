using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace Demo.Workload;

/// <summary>Plays a workload one call at a time against a target and times each call.</summary>
public static class WorkloadRunner
{
    public static async Task<LatencyLog> RunAsync(
        IReadOnlyList<Operation> plan, Func<Operation, CancellationToken, ValueTask> call, ProgressTask progress, CancellationToken ct)
    {
        var log = new LatencyLog();
        var run = Stopwatch.StartNew();
        progress.MaxValue = plan.Count;
        progress.StartTask();
        foreach (var operation in plan)
        {
            ct.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            await call(operation, ct);
            log.Add(operation.Kind, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            progress.Increment(1);
        }

        log.Total = run.Elapsed;
        progress.StopTask();
        return log;
    }
}
