using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace Caching.Runtime.Tests.Logging;

/// <summary>docs/operations.md lists every log event of the runtime, with its ID, name and level, and no ID twice.</summary>
public sealed class OperationsDocTests
{
    private static readonly Regex Event = new(
        @"\[LoggerMessage\(EventId = (?<id>\w+), Level = LogLevel\.(?<level>\w+),.*?public static partial void (?<name>\w+)\(",
        RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static readonly Regex Constant = new(@"public const int (?<name>\w+) = (?<value>\d+);", RegexOptions.CultureInvariant);

    [Fact]
    public void EveryLogEvent_IsListedOnce_WithItsNameAndLevel()
    {
        var runtime = typeof(OperationsDocTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RuntimeSources").Value!;
        var sources = Directory.EnumerateFiles(runtime, "*Log.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var constants = sources.SelectMany(s => Constant.Matches(s)).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        var events = sources.SelectMany(s => Event.Matches(s))
            .Select(m => (Id: constants.GetValueOrDefault(m.Groups["id"].Value, m.Groups["id"].Value), Name: m.Groups["name"].Value, Level: m.Groups["level"].Value))
            .ToList();
        Assert.True(events.Count >= 30, $"only {events.Count} log events found under {runtime}");
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());

        var doc = File.ReadAllText(Path.Combine(runtime, "..", "..", "docs", "operations.md"));
        foreach (var (id, name, level) in events)
        {
            Assert.Contains($"| {id} | `{name}` | {level} |", doc, StringComparison.Ordinal);
        }
    }
}
