using System.Collections.Generic;
using System.Linq;
using System.Reflection;
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

    /// <summary>
    /// Runs the analyzers with configuration: <paramref name="editorConfig"/> lines apply to every file (for example
    /// <c>caching_redis.topology = cluster</c>), and <paramref name="msbuildProperties"/> become
    /// <c>build_property.*</c> global options as the package's props file makes them (for example <c>IsTestProject=true</c>).
    /// </summary>
    public static async Task AnalyzerWithOptionsAsync(string source, string[] editorConfig, string[] msbuildProperties, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest();
        test.TestState.Sources.Add(source);
        AddOptions(test.TestState, editorConfig, msbuildProperties);

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

    /// <summary>A fix test (and its Fix All) that applies the code action with <paramref name="equivalenceKey"/>, for a fix that offers several.</summary>
    public static async Task CodeFixAsync<TFix>(string source, string fixedSource, string equivalenceKey)
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TFix> { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>A fix test (and its Fix All) with <c>.editorconfig</c> lines and MSBuild properties, as in <see cref="AnalyzerWithOptionsAsync"/>.</summary>
    public static async Task CodeFixWithOptionsAsync<TFix>(string source, string fixedSource, string[] editorConfig, string[] msbuildProperties)
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TFix> { TestCode = source, FixedCode = fixedSource };
        AddOptions(test.TestState, editorConfig, msbuildProperties);
        AddOptions(test.FixedState, editorConfig, msbuildProperties);
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>A Fix All test with <c>.editorconfig</c> lines and MSBuild properties, as in <see cref="AnalyzerWithOptionsAsync"/>.</summary>
    public static async Task FixAllWithOptionsAsync<TFix>(string source, string fixedSource, string[] editorConfig, string[] msbuildProperties)
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TFix> { TestCode = source, FixedCode = fixedSource, CodeFixTestBehaviors = CodeFixTestBehaviors.None };
        AddOptions(test.TestState, editorConfig, msbuildProperties);
        AddOptions(test.FixedState, editorConfig, msbuildProperties);
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

    /// <summary>Every analyzer the package ships, found in its assembly so a new one is tested without being listed here.</summary>
    public static IEnumerable<DiagnosticAnalyzer> Analyzers()
        => typeof(CachedMethodAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, System.StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)System.Activator.CreateInstance(t)!)
            .ToList();

    internal static void AddOptions(SolutionState state, string[] editorConfig, string[] msbuildProperties)
    {
        if (editorConfig.Length > 0)
        {
            state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + string.Join("\n", editorConfig) + "\n"));
        }

        if (msbuildProperties.Length > 0)
        {
            state.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + string.Join("\n", msbuildProperties.Select(p => "build_property." + p.Replace("=", " = "))) + "\n"));
        }
    }

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
