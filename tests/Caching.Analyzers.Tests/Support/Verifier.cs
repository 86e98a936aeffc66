using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Caching.Analyzers.Attributes;
using Caching.Analyzers.Redis;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Caching.Analyzers.Tests.Support;

/// <summary>
/// Runs every analyzer of Caching.Analyzers (and a fix) over test sources written with inline markup such as
/// <c>{|CACHE003:"user:&lt;userId&gt;"|}</c>, so a test also proves that no other rule fires. Compilations use C# 12
/// with nullable on, and compiler warnings count: test code must be clean apart from what a test expects.
/// </summary>
internal static class Verifier
{
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
        => AnalyzerAsync(new[] { source }, expected);

    public static async Task AnalyzerAsync(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest();
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public static async Task CodeFixAsync<TFix>(string source, string fixedSource, int? iterations = null)
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TFix> { TestCode = source, FixedCode = fixedSource };
        if (iterations is { } n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = 1;
        }

        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>A fix test over several files; <paramref name="fixedSources"/> follow <paramref name="sources"/> file by file.</summary>
    public static async Task CodeFixAsync<TFix>(string[] sources, string[] fixedSources, int? iterations = null)
        where TFix : CodeFixProvider, new()
    {
        // Markup in the fixed files states every diagnostic left, fixable or not (a fix may not apply to all).
        var test = new CodeFixTest<TFix>();
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        if (iterations is { } n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = 1;
        }

        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        foreach (var source in fixedSources)
        {
            test.FixedState.Sources.Add(source);
        }

        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>A Fix All test over several files.</summary>
    public static async Task FixAllAsync<TFix>(string[] sources, string[] fixedSources)
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TFix> { CodeFixTestBehaviors = CodeFixTestBehaviors.None };
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        foreach (var source in fixedSources)
        {
            test.FixedState.Sources.Add(source);
        }

        await test.RunAsync(CancellationToken.None);
    }

    public static async Task FixAllAsync<TFix>(string source, string fixedSource)
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TFix>
        {
            TestCode = source,
            FixedCode = fixedSource,
            // Each diagnostic fixed alone, then all at once, must give the same result.
            CodeFixTestBehaviors = CodeFixTestBehaviors.None,
        };
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>A result for an ID without a location, for use with <c>.WithSpan</c> or <c>.WithLocation</c>.</summary>
    public static DiagnosticResult Diagnostic(string id)
        => new DiagnosticResult(id, id.StartsWith("CS", System.StringComparison.Ordinal) ? DiagnosticSeverity.Error : Descriptors.For(id)!.DefaultSeverity);

    /// <summary>Every analyzer the package ships.</summary>
    public static IEnumerable<DiagnosticAnalyzer> Analyzers() => new DiagnosticAnalyzer[]
    {
        new CachedMethodAnalyzer(),
        new CachedBatchAnalyzer(),
        new WriteMethodAnalyzer(),
        new InvalidationTargetAnalyzer(),
        new RedisUsageAnalyzer(),
    };

    private static void Configure(SolutionState state)
    {
        state.ReferenceAssemblies = TestReferences.Framework;
        state.AdditionalReferences.AddRange(TestReferences.Libraries);
    }

    private static Solution Transform(Solution solution, ProjectId projectId)
    {
        var project = solution.GetProject(projectId)!;
        var options = ((CSharpCompilationOptions)project.CompilationOptions!)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // Test sources are not documented, and the generator, which would read the store, does not run.
                ["CS1591"] = ReportDiagnostic.Suppress,
                ["CS9113"] = ReportDiagnostic.Suppress,
                ["CS0169"] = ReportDiagnostic.Suppress,
                ["CS0414"] = ReportDiagnostic.Suppress,
                ["CS0649"] = ReportDiagnostic.Suppress,
            });
        var parse = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.CSharp12);
        return solution.WithProjectCompilationOptions(projectId, options).WithProjectParseOptions(projectId, parse);
    }

    /// <summary>An analyzer test configured like the others, for tests that add sources with names.</summary>
    internal sealed class AnalyzerTest : CSharpAnalyzerTest<CachedMethodAnalyzer, DefaultVerifier>
    {
        public AnalyzerTest()
        {
            Configure(TestState);
            CompilerDiagnostics = CompilerDiagnostics.Warnings;

            // The per-method analyzers share one descriptor per ID, so markup may name any ID any of them reports.
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
            SolutionTransforms.Add(Transform);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers();
    }

    private sealed class CodeFixTest<TFix> : CSharpCodeFixTest<CachedMethodAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        public CodeFixTest()
        {
            Configure(TestState);
            Configure(FixedState);
            CompilerDiagnostics = CompilerDiagnostics.Warnings;

            // The per-method analyzers share one descriptor per ID, so markup may name any ID any of them reports.
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
            SolutionTransforms.Add(Transform);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers();
    }
}
