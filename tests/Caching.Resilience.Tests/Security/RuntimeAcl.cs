using System;
using System.IO;
using System.Linq;

namespace Caching.Resilience.Tests.Security;

/// <summary>
/// The ACL rules our runtime needs, read from docs/operations.md ("The ACL our runtime needs"), so the documented
/// list is the one the test proves sufficient.
/// </summary>
internal static class RuntimeAcl
{
    private const string Heading = "### The ACL our runtime needs";

    /// <summary>The command rules (<c>-@all +get …</c>), from the fenced block under the heading.</summary>
    public static string[] CommandRules()
    {
        var lines = File.ReadAllLines(OperationsDoc());
        var start = Array.IndexOf(lines, Heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"docs/operations.md has no '{Heading}' section.");
        }

        var fence = Array.FindIndex(lines, start, l => l.StartsWith("```", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, fence + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        var text = string.Join(' ', lines[(fence + 1)..end]);
        // The block is one ACL SETUSER line; keep the command rules only (the test adds its own user, password, keys, channels).
        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(r => r.StartsWith('+') || r.StartsWith('-'))
            .ToArray();
    }

    private static string OperationsDoc()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "operations.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/operations.md not found above " + AppContext.BaseDirectory);
    }
}
