using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace TagDesigns.Measuring;

/// <summary>Markdown tables of the results, as pasted into docs/design/tags.md.</summary>
internal static class ResultTables
{
    public static string Invalidation(IEnumerable<DesignResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| design | tagged entries | invalidation wall time | commands Redis ran | Redis busy (sum of command times) | longest single command (SLOWLOG) | memory released | hits after (of checked) |");
        text.AppendLine("| --- | ---: | ---: | --- | ---: | --- | ---: | ---: |");
        foreach (var r in results.Where(r => r.Invalidation is not null))
        {
            var i = r.Invalidation!;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Design} | {r.Entries:N0} | {Ms(i.WallTime)} | {i.Commands.Total:N0} ({i.Commands}) | {i.Commands.ServerMicroseconds / 1000.0:N3} ms | {i.LongestCommand.TotalMilliseconds:N3} ms `{i.LongestCommandText}` | {Mb(i.MemoryReleasedBytes)} | {i.HitsAfter} of {i.Checked} |"));
        }

        return text.ToString();
    }

    public static string Costs(IEnumerable<DesignResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| design | tagged entries | read: median / mean / p99 | commands per read | single fill: median / mean | commands per single fill | bulk fill: time | commands per entry in bulk | memory per entry (used_memory) | bookkeeping keys (MEMORY USAGE) | keys without TTL |");
        text.AppendLine("| --- | ---: | ---: | --- | ---: | --- | ---: | --- | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Design} | {r.Entries:N0} | {r.ReadMedianMicroseconds:N0} / {r.ReadMeanMicroseconds:N0} / {r.ReadP99Microseconds:N0} µs | {r.ReadCommands.PerOperation(r.Reads)} | {r.FillMedianMicroseconds:N0} / {r.FillMeanMicroseconds:N0} µs | {r.FillCommands.PerOperation(r.Fills)} | {Ms(r.BulkFillTime)} | {r.BulkFillCommands.PerOperation(r.Entries)} | {(double)r.MemoryAfterFill / r.Entries:N0} B | {r.BookkeepingKeyBytes:N0} B | {r.KeysWithoutTtl} |"));
        }

        return text.ToString();
    }

    public static string Bookkeeping(IEnumerable<DesignResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| design | bookkeeping besides the entries |");
        text.AppendLine("| --- | --- |");
        foreach (var r in results.DistinctBy(r => r.Design))
        {
            text.AppendLine($"| {r.Design} | {r.Bookkeeping} |");
        }

        return text.ToString();
    }

    private static string Ms(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:N2} ms");

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N2} MB");
}
