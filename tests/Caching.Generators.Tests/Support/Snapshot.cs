using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Caching.Generators.Tests.Support;

/// <summary>
/// Compares generated files byte for byte with approved files in <c>Snapshots/</c>, named like
/// Verify.SourceGenerators' (<c>{Class}.{Test}#{HintName}.verified.cs</c>). On a mismatch it writes
/// <c>.received.cs</c> beside the approved file. Only <c>CACHING_UPDATE_SNAPSHOTS=1</c> rewrites approved files,
/// and never under <c>CI=true</c>.
/// </summary>
internal static class Snapshot
{
    public static void Verify(GeneratorRunResult result, string testClass, [CallerMemberName] string test = "", [CallerFilePath] string callerFile = "")
    {
        Assert.NotEmpty(result.GeneratedSources);
        var folder = Path.Combine(FindProjectFolder(callerFile), "Snapshots");
        // The cache manifest has its own snapshots (ManifestSnapshotTests); left out here, so a change to it does not
        // re-approve every other snapshot.
        foreach (var generated in result.GeneratedSources.Where(s => s.HintName != Emitting.ManifestEmitter.HintName).OrderBy(s => s.HintName, StringComparer.Ordinal))
        {
            var name = $"{testClass}.{test}#{generated.HintName}";
            Compare(folder, name, Normalize(generated.SourceText.ToString()));
        }
    }

    public static void VerifyText(string text, string testClass, string name, [CallerFilePath] string callerFile = "")
        => Compare(Path.Combine(FindProjectFolder(callerFile), "Snapshots"), $"{testClass}.{name}", Normalize(text));

    private static void Compare(string folder, string name, string text)
    {
        var approvedPath = Path.Combine(folder, name.EndsWith(".cs", StringComparison.Ordinal) ? name[..^3] + ".verified.cs" : name + ".verified.cs");
        var receivedPath = approvedPath.Replace(".verified.cs", ".received.cs", StringComparison.Ordinal);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        var update = Environment.GetEnvironmentVariable("CACHING_UPDATE_SNAPSHOTS") == "1";
        if (update && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(approvedPath, bytes);
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? File.ReadAllBytes(approvedPath) : null;
        if (approved is not null && approved.AsSpan().SequenceEqual(bytes))
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllBytes(receivedPath, bytes);
        Assert.Fail(approved is null
            ? $"No approved snapshot {Path.GetFileName(approvedPath)}; review {receivedPath} and run with CACHING_UPDATE_SNAPSHOTS=1 to approve it."
            : $"{Path.GetFileName(approvedPath)} differs from the generated text: {FirstDifference(Encoding.UTF8.GetString(approved), text)}. Received text is in {receivedPath}.");
    }

    // The generator version changes with every release; snapshots should not.
    private static string Normalize(string text)
        => text.Replace($"\"Caching.Generators\", \"{typeof(CachingGenerator).Assembly.GetName().Version}\"", "\"Caching.Generators\", \"{{VERSION}}\"", StringComparison.Ordinal)
            .Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string FirstDifference(string approved, string received)
    {
        var a = approved.Split('\n');
        var r = received.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, r.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < r.Length ? r[i] : "<end of file>";
            if (left != right)
            {
                return $"line {i + 1}: approved '{left}', generated '{right}'";
            }
        }

        return "the bytes differ (encoding or line endings)";
    }

    private static string FindProjectFolder(string callerFile)
    {
        for (var dir = Path.GetDirectoryName(callerFile); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.EnumerateFiles(dir, "*.csproj").Any())
            {
                return dir;
            }
        }

        throw new InvalidOperationException("No test project folder above " + callerFile);
    }
}
