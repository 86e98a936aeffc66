using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>
/// Thread-pool starvation is impossible by design only while no runtime code blocks a thread on a task: this reads
/// every source file of src/Runtime and fails on the ways to do it.
/// </summary>
public sealed class NoSyncOverAsyncTests
{
    // Blocking on a task or a wait handle. ".Result" is allowed only on a ValueTask known to be complete (the line
    // must say IsCompletedSuccessfully, or follow a check of it: listed below).
    private static readonly Regex Blocking = new(@"\.GetAwaiter\(\)\.GetResult\(\)|\.Wait\(|Task\.WaitAll|Task\.WaitAny|\.WaitOne\(|\.Result\b", RegexOptions.Compiled);

    private static readonly string[] CompletedResultLines =
    [
        "var value = pending.Result;", // LocalCachePartition.AddWhenDone, inside `if (pending.IsCompletedSuccessfully)`
    ];

    [Fact]
    public void RuntimeSources_NeverBlockOnATask()
    {
        var runtime = typeof(NoSyncOverAsyncTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RuntimeSources").Value!;
        var offenders = Directory.EnumerateFiles(runtime, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !path.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (Path: path, Line: index + 1, Text: line.Trim())))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal) && !l.Text.StartsWith("///", StringComparison.Ordinal))
            .Where(l => Blocking.IsMatch(l.Text) && !CompletedResultLines.Contains(l.Text))
            .Select(l => $"{Path.GetRelativePath(runtime, l.Path)}:{l.Line}: {l.Text}")
            .ToList();

        Assert.True(Directory.EnumerateFiles(runtime, "*.cs", SearchOption.AllDirectories).Count() > 30, "src/Runtime was not found");
        Assert.True(offenders.Count == 0, "Blocking on a task in the runtime:\n" + string.Join("\n", offenders));
    }
}
