using System;
using System.Globalization;
using System.Linq;
using Demo.Workload;
using Spectre.Console;

namespace Demo.Reporting;

/// <summary>
/// Renders the results as plain tables: every fact is text (no meaning carried by colour), so the output reads the
/// same in a terminal without colours or in a CI log.
/// </summary>
public static class ReportRenderer
{
    private static readonly (OperationKind Kind, string Method, string Returns, string Key, string Ttl)[] Methods =
    [
        (OperationKind.Product, "GetProductAsync", "Task<Product?>", "product:<id>", "300 + 0..30"),
        (OperationKind.CategoryPage, "GetCategoryPageAsync", "ValueTask<CategoryPage>", "category:<query.CategoryId>:page:<query.Page>", "120 + 0..10"),
        (OperationKind.DailySales, "GetDailySales", "DailySales (sync)", "sales:<day:yyyy-MM-dd>", "600 + 0..60"),
    ];

    public static void Render(IAnsiConsole console, DemoResults results)
    {
        console.Write(new Rule("Results"));
        console.Write(MethodsTable());
        console.Write(HitsTable(results));
        console.Write(LatencyTable(results));
        console.Write(KeysTable(results));
        var cached = results.Cached.Total.TotalSeconds;
        var uncached = results.Uncached.Total.TotalSeconds;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Whole workload: {cached:0.00} s with the cache vs {uncached:0.00} s straight to the database ({uncached / cached:0.0}x)."));
    }

    private static Table MethodsTable()
    {
        var table = NewTable("Cached methods ([CacheDefaults(KeyPrefix = \"demo\")])", "Method", "Returns", "Key template", "TTL s");
        foreach (var m in Methods)
        {
            table.AddRow(Cell(m.Method), Cell(m.Returns), Cell(m.Key), Cell(m.Ttl));
        }

        return table;
    }

    private static Table HitsTable(DemoResults results)
    {
        var table = NewTable("Hits and misses (a miss = a core call)", "Method", "Calls", "Hits", "Misses", "Hit rate");
        RightAlign(table, 1, 2, 3, 4);
        int totalCalls = 0, totalMisses = 0;
        foreach (var m in Methods)
        {
            var calls = results.Cached.Count(m.Kind);
            var misses = results.CoreCalls[m.Kind];
            totalCalls += calls;
            totalMisses += misses;
            table.AddRow(Cell(m.Method), Number(calls), Number(calls - misses), Number(misses), Percent(calls - misses, calls));
        }

        table.AddRow(Cell("All"), Number(totalCalls), Number(totalCalls - totalMisses), Number(totalMisses), Percent(totalCalls - totalMisses, totalCalls));
        return table;
    }

    private static Table LatencyTable(DemoResults results)
    {
        var title = results.NetworkRoundTrip > TimeSpan.Zero
            ? $"Latency per call in ms (database = SQLite + {results.NetworkRoundTrip.TotalMilliseconds:0.#} ms simulated network)"
            : "Latency per call in ms (database = SQLite, in-process)";
        var table = NewTable(title, "Method", "Cached p50", "Cached p99", "Database p50", "Database p99", "p50 gain");
        RightAlign(table, 1, 2, 3, 4, 5);
        foreach (var kind in Methods.Select(m => (OperationKind?)m.Kind).Append(null))
        {
            var name = kind is { } k ? Methods.First(m => m.Kind == k).Method : "All";
            var cachedP50 = results.Cached.Percentile(kind, 50);
            var uncachedP50 = results.Uncached.Percentile(kind, 50);
            table.AddRow(Cell(name), Ms(cachedP50), Ms(results.Cached.Percentile(kind, 99)),
                Ms(uncachedP50), Ms(results.Uncached.Percentile(kind, 99)), Cell(string.Create(CultureInfo.InvariantCulture, $"{uncachedP50 / cachedP50:0.0}x")));
        }

        return table;
    }

    private static Table KeysTable(DemoResults results)
    {
        var table = NewTable("Most-read keys, TTL as Redis reports it", "Redis key", "Reads", "TTL s");
        RightAlign(table, 1, 2);
        foreach (var sample in results.Keys)
        {
            var ttl = sample.RedisTtl is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0}") : "none";
            table.AddRow(Cell(sample.Key), Number(sample.Reads), Cell(ttl));
        }

        return table;
    }

    private static Table NewTable(string title, params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }

    private static void RightAlign(Table table, params int[] columns)
    {
        foreach (var column in columns)
        {
            table.Columns[column].RightAligned();
        }
    }

    private static Text Cell(string text) => new(text);

    private static Text Number(int value) => new(value.ToString("N0", CultureInfo.InvariantCulture));

    private static Text Percent(int part, int whole)
        => new(whole == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.0} %"));

    private static Text Ms(double value) => new(double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture));
}
