using System;
using System.Collections.Generic;
using System.Globalization;

namespace WriteBehindWorkerApp;

/// <summary>
/// The command line: <c>--port N --prefix P --produce COUNT</c> for the producer, or
/// <c>--port N --prefix P --db FILE --consumer NAME [--claim-idle-ms N] [--core-ms N]</c> for a worker.
/// </summary>
internal sealed record AppSettings(int Port, string Prefix, string DatabaseFile, string Consumer, TimeSpan ClaimIdle, TimeSpan CoreDuration, int Produce)
{
    public static AppSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"Missing {name}.");
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

        var produce = Number("--produce", 0);
        return new AppSettings(
            int.Parse(Required("--port"), CultureInfo.InvariantCulture),
            Required("--prefix"),
            produce > 0 ? "" : Required("--db"),
            produce > 0 ? "" : Required("--consumer"),
            TimeSpan.FromMilliseconds(Number("--claim-idle-ms", 30_000)),
            TimeSpan.FromMilliseconds(Number("--core-ms", 5)),
            produce);
    }
}
