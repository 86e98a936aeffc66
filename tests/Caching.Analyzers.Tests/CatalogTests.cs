using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Caching.Analyzers.Attributes;
using Caching.Analyzers.CodeFixes;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>
/// Every diagnostic any analyzer can report has a well-formed unique ID, a help link to its page, a page, a row in
/// the index and a line in a release file; and the shared rules report no ID without a descriptor.
/// </summary>
public sealed class CatalogTests
{
    private static readonly Regex IdPattern = new(@"^(CACHE|REDIS)\d{3}$", RegexOptions.CultureInvariant);

    private static readonly string RepoRoot = FindRepoRoot();

    // Their only argument is the shared rules' explanation, which quotes the offending part of the template.
    private static readonly string[] MessagesQuotingInTheirArgument = { "CACHE004" };

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var id in Descriptors().Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal))
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void EveryAnalyzerReportsSomething_AndIdsAreUnique()
    {
        var analyzers = Analyzers().ToList();
        Assert.NotEmpty(analyzers);
        Assert.All(analyzers, a => Assert.NotEmpty(a.SupportedDiagnostics));

        var descriptors = Descriptors().ToList();
        var duplicates = descriptors.GroupBy(d => d.Id).Where(g => g.Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IsWellFormed(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Matches(IdPattern, id);
        Assert.Equal(HelpLinks.For(id), descriptor.HelpLinkUri);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Contains(descriptor.Category, new[] { "Usage", "Reliability", "Performance", "Security" });

        var title = descriptor.Title.ToString();
        var message = descriptor.MessageFormat.ToString();
        Assert.False(string.IsNullOrWhiteSpace(title));
        Assert.False(title.EndsWith('.'), $"{id}: a title is a statement without a full stop");
        Assert.False(message.EndsWith('.'), $"{id}: a message has no full stop");
        if (!MessagesQuotingInTheirArgument.Contains(id))
        {
            Assert.Contains("'", message);
        }

        Assert.EndsWith(".", descriptor.Description.ToString());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Page_ExistsAndStartsWithTheIdAndTitle(string id)
    {
        var descriptor = Descriptor(id);
        var path = Path.Combine(RepoRoot, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(path), $"missing {path}");
        var text = File.ReadAllText(path);
        Assert.StartsWith($"# {id}: {descriptor.Title}\n", text, StringComparison.Ordinal);
        Assert.Contains($"| Severity | {descriptor.DefaultSeverity} |", text, StringComparison.Ordinal);
        Assert.Contains($"| Category | {descriptor.Category} |", text, StringComparison.Ordinal);
        foreach (var heading in new[] { "## Cause", "## Why it matters", "## How to fix", "## When to suppress", "## See also" })
        {
            Assert.Contains("\n" + heading + "\n", text, StringComparison.Ordinal);
        }

        Assert.Contains("❌", text, StringComparison.Ordinal);
        Assert.Contains("✅", text, StringComparison.Ordinal);
        Assert.Contains($"dotnet_diagnostic.{id}.severity = none", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Index_ListsTheId(string id)
    {
        var descriptor = Descriptor(id);
        var index = File.ReadAllText(Path.Combine(RepoRoot, "docs", "diagnostics", "README.md"));
        var fix = FixableIds().Contains(id) ? "Yes" : "No";
        Assert.Contains($"| [{id}]({id}.md) | {descriptor.Title} | {descriptor.DefaultSeverity} | {fix} |", index, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void ReleaseFile_ListsTheId(string id)
    {
        var descriptor = Descriptor(id);
        var releases = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(f => File.ReadAllLines(Path.Combine(RepoRoot, "src", "Analyzers", f)));
        Assert.Contains(releases, line => line.StartsWith($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryDiagnosticIdOfTheSharedRules_HasADescriptor()
    {
        // The analyzer drops a problem whose ID has no descriptor, so a new rule in Shared must come with one.
        var ids = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), ids);
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), Descriptors().Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal));
    }

    [Fact]
    public void EveryCodeFix_FixesAReportedDiagnostic()
    {
        var fixers = typeof(MakePartialCodeFixProvider).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .ToList();
        Assert.NotEmpty(fixers);
        var reported = Descriptors().Select(d => d.Id).ToHashSet();
        foreach (var type in fixers)
        {
            Assert.NotNull(type.GetCustomAttribute<ExportCodeFixProviderAttribute>());
            var fixer = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.NotNull(fixer.GetFixAllProvider());
            Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, reported));
        }
    }

    private static DiagnosticDescriptor Descriptor(string id) => Descriptors().First(d => d.Id == id);

    private static IEnumerable<DiagnosticAnalyzer> Analyzers()
        => typeof(CachedMethodAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    private static IEnumerable<DiagnosticDescriptor> Descriptors() => Analyzers().SelectMany(a => a.SupportedDiagnostics);

    private static HashSet<string> FixableIds()
        => typeof(MakePartialCodeFixProvider).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
            .ToHashSet();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Caching.Generators.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Caching.Generators.sln not found above " + AppContext.BaseDirectory);
    }
}
