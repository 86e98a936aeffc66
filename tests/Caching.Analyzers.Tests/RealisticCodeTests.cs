using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Caching.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>
/// False-positive check: every analyzer of Caching.Analyzers runs over tests/Caching.Analyzers.RealisticCode,
/// idiomatic StackExchange.Redis code and [Cached] repositories written as README.md and docs/ recommend, after the
/// generator has added its output, and must report nothing (Info included). A rule that fires here either has a false
/// positive or found a real bug in that project; either way it is worth a look.
/// </summary>
public sealed class RealisticCodeTests
{
    public static TheoryData<string> Topologies => new() { "", "standalone", "cluster" };

    [Theory]
    [MemberData(nameof(Topologies))]
    public async Task RealisticCode_HasNoCacheOrRedisDiagnostic(string topology)
    {
        var diagnostics = await AnalyzeAsync(Sources(), topology);

        var ours = diagnostics.Where(IsOurs).ToList();
        Assert.True(ours.Count == 0, "Diagnostics on correct code:\n" + string.Join("\n", ours));
        var compiler = diagnostics.Where(d => !IsOurs(d) && d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(compiler.Count == 0, "The realistic code does not compile cleanly:\n" + string.Join("\n", compiler));
    }

    /// <summary>Proves the check can fail: one bad line among the realistic files is found.</summary>
    [Theory]
    [MemberData(nameof(Topologies))]
    public async Task RealisticCodeWithOneBadLine_ReportsIt(string topology)
    {
        const string bad = """
            using System.Linq;
            using StackExchange.Redis;

            namespace RealisticCode.Redis;

            public static class KeyCounter
            {
                public static int CountSessions(IServer server) => server.Keys(pattern: "session:*").Count();
            }
            """;
        var sources = Sources().Append(("KeyCounter.cs", bad)).ToList();

        var diagnostics = await AnalyzeAsync(sources, topology);

        var ours = diagnostics.Where(IsOurs).ToList();
        var found = Assert.Single(ours);
        Assert.Equal("REDIS001", found.Id);
        Assert.Equal("KeyCounter.cs", found.Location.SourceTree?.FilePath);
    }

    private static bool IsOurs(Diagnostic diagnostic)
        => diagnostic.Id.StartsWith("CACHE", StringComparison.Ordinal) || diagnostic.Id.StartsWith("REDIS", StringComparison.Ordinal)
           || diagnostic.Id == "AD0001"; // an analyzer that threw

    private static List<(string Path, string Text)> Sources()
    {
        var root = typeof(RealisticCodeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RealisticCodeSources").Value!;
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(root, f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(root, f), File.ReadAllText(f)))
            .ToList();
        Assert.True(files.Count >= 10, $"Expected the realistic project's sources in {root}.");
        return files;
    }

    private static bool IsBuildOutput(string relativePath)
        => relativePath.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
           || relativePath.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(IReadOnlyList<(string Path, string Text)> sources, string topology)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text), parseOptions, s.Path)).ToList();
        var framework = await TestReferences.Framework.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var compilation = CSharpCompilation.Create(
            "RealisticCode",
            trees,
            framework.AddRange(Libraries.Value),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // As the .NET SDK does (NoWarn 1701;1702): the net8.0 builds of the Microsoft.Extensions packages
                // reference System.Runtime 8.0, which the .NET 10 reference pack unifies.
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

        var options = new OptionsProvider(topology.Length == 0
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["caching_redis.topology"] = topology });

        // The generator adds its output, as in a build; System.Text.Json's generator cannot run here (see JsonStandIn).
        var stand = trees.SelectMany(JsonStandIn).ToList();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new CachingGenerator().AsSourceGenerator() }, parseOptions: parseOptions, optionsProvider: options);
        driver.RunGeneratorsAndUpdateCompilation(compilation.AddSyntaxTrees(stand), out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.True(output.SyntaxTrees.Count() > trees.Count + stand.Count, "The generator added nothing.");

        var analyzers = Verifier.Analyzers().ToImmutableArray();
        var exceptions = new List<string>();
        var withAnalyzers = output.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, options),
            (exception, analyzer, _) => { lock (exceptions) { exceptions.Add(analyzer.GetType().Name + ": " + exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None);
        Assert.True(exceptions.Count == 0, string.Join("\n", exceptions));
        return diagnostics;
    }

    /// <summary>
    /// What the System.Text.Json source generator would add to each context: the members the generated cache code and
    /// the compiler need. The real generator comes with the .NET 10 reference pack; Caching.EndToEnd.Tests loads it on
    /// Roslyn 5.0 (a VersionOverride), while these tests run on the analyzers' Roslyn 4.8, so it is not loaded here.
    /// The project's own build does run it (see Caching.Analyzers.RealisticCode.csproj).
    /// </summary>
    private static IEnumerable<SyntaxTree> JsonStandIn(SyntaxTree tree)
    {
        var contexts = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
            .Where(c => c.BaseList?.Types.Any(t => t.Type.ToString() == "JsonSerializerContext") == true);
        foreach (var context in contexts)
        {
            var ns = context.Ancestors().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
            var name = context.Identifier.ValueText;
            yield return CSharpSyntaxTree.ParseText(
                $$"""
                #nullable enable
                namespace {{ns}}
                {
                    partial class {{name}}
                    {
                        public {{name}}() : base(null) { }
                        public static {{name}} Default { get; } = new();
                        public override global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type) => null;
                        protected override global::System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                    }
                }
                """,
                (CSharpParseOptions)tree.Options,
                name + ".JsonStandIn.g.cs");
        }
    }

    // Caching.Runtime, StackExchange.Redis and the Microsoft.Extensions abstractions the project uses, with what they
    // reference from the test's output folder (framework assemblies come from the reference pack).
    private static readonly Lazy<ImmutableArray<MetadataReference>> Libraries = new(() =>
    {
        var folder = AppContext.BaseDirectory;
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>(new[]
        {
            typeof(CachedAttribute).Assembly,
            typeof(StackExchange.Redis.IDatabase).Assembly,
            typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly,
            typeof(Microsoft.Extensions.Configuration.IConfiguration).Assembly,
            typeof(Microsoft.Extensions.Logging.ILogger).Assembly,
        });
        while (pending.Count > 0)
        {
            var assembly = pending.Dequeue();
            if (!found.TryAdd(assembly.GetName().Name!, assembly.Location))
            {
                continue;
            }

            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (!found.ContainsKey(name.Name!) && File.Exists(Path.Combine(folder, name.Name + ".dll")))
                {
                    pending.Enqueue(Assembly.Load(name));
                }
            }
        }

        return found.Values.OrderBy(p => p, StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    private sealed class OptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options = new(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
