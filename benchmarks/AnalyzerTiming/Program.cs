using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using AnalyzerTiming;
using Caching;
using Caching.Analyzers.Attributes;
using Caching.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Usage: dotnet run -c Release --project benchmarks/AnalyzerTiming [-- <files> <runs>]   (defaults: 2000 files, 3 runs)
// ANALYZERS=CachedMethodAnalyzer,RedisUsageAnalyzer limits the run to those analyzers.
var fileCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;

var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12);
var sources = SourceFactory.Create(fileCount);
var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, s.Path)).ToList();
var references = References();
var analyzers = typeof(CachedMethodAnalyzer).Assembly.GetTypes()
    .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
    // ANALYZERS=Name1,Name2 times only those, to tell one analyzer's cost from the analysis driver's own.
    .Where(t => Environment.GetEnvironmentVariable("ANALYZERS") is not { Length: > 0 } only || only.Split(',').Contains(t.Name))
    .OrderBy(t => t.Name, StringComparer.Ordinal)
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();

Console.WriteLine($"{trees.Count} files, {sources.Sum(s => s.Text.Count(c => c == '\n')):N0} lines, {references.Length} references, "
    + $"{analyzers.Length} analyzers, {runs} runs, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Roslyn {typeof(Compilation).Assembly.GetName().Version}");

// Every tree is shared by all the compilations below: build its nodes once, before any pass is timed.
foreach (var tree in trees)
{
    _ = tree.GetRoot().DescendantNodesAndTokensAndSelf(descendIntoTrivia: true).Count();
}

// Warm-up on the first 60 files, so the first measured run does not pay for JIT-compiling Roslyn and the analyzers.
{
    var (warm, _) = Generate(trees.Take(60).ToList(), references, parseOptions);
    _ = await warm.WithAnalyzers(analyzers, Options(logTime: true)).GetAnalysisResultAsync(CancellationToken.None);
    _ = await warm.WithAnalyzers(analyzers, Options(logTime: false)).GetAllDiagnosticsAsync(CancellationToken.None);
}

var generatorTimes = new List<double>();
var withoutTimes = new List<double>();
var withTimes = new List<double>();
var perAnalyzer = analyzers.ToDictionary(a => a.GetType().Name, _ => new List<double>());
Dictionary<string, int> counts = new();
for (var run = 0; run < runs; run++)
{
    // Alternate the order, so neither pass always runs on a machine the other has just warmed.
    if (run % 2 == 0)
    {
        if (!Without())
        {
            return 1;
        }

        await With();
    }
    else
    {
        await With();
        if (!Without())
        {
            return 1;
        }
    }

    // Each analyzer's own time, from Roslyn's telemetry, which only GetAnalysisResultAsync keeps (a third, untimed pass).
    var (measured, _) = Generate(trees, references, parseOptions);
    var result = await measured.WithAnalyzers(analyzers, Options(logTime: true)).GetAnalysisResultAsync(CancellationToken.None);
    foreach (var analyzer in analyzers)
    {
        perAnalyzer[analyzer.GetType().Name].Add(result.AnalyzerTelemetryInfo[analyzer].ExecutionTime.TotalMilliseconds);
    }

    Console.WriteLine($"run {run + 1}: without analyzers {withoutTimes[^1]:N0} ms, with {withTimes[^1]:N0} ms");
}

Console.WriteLine();
Console.WriteLine("| Analyzer | Execution time (ms, median) |");
Console.WriteLine("| --- | ---: |");
foreach (var (name, times) in perAnalyzer.OrderByDescending(p => Median(p.Value)))
{
    Console.WriteLine($"| `{name}` | {Median(times):N0} |");
}

Console.WriteLine($"| **All analyzers** | **{Median(Enumerable.Range(0, runs).Select(i => perAnalyzer.Values.Sum(t => t[i])).ToList()):N0}** |");
Console.WriteLine();
Console.WriteLine("| Wall time (median of " + runs + ") | ms |");
Console.WriteLine("| --- | ---: |");
Console.WriteLine($"| Generator (`CachingGenerator`) | {Median(generatorTimes):N0} |");
Console.WriteLine($"| Generator + compile, without analyzers | {Median(withoutTimes):N0} |");
Console.WriteLine($"| Generator + compile, with analyzers | {Median(withTimes):N0} |");
Console.WriteLine();
Console.WriteLine("Diagnostics reported: " + (counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key} x{c.Value}"))));
Console.WriteLine("(Execution time is Roslyn's per-analyzer telemetry, summed over threads with concurrent analysis.)");
if (File.Exists("/proc/loadavg"))
{
    Console.WriteLine("Load average at the end (1, 5, 15 min): " + string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)));
}

return 0;

// Without analyzers: the generator, then every compiler diagnostic (binds every method body), as a build does.
bool Without()
{
    var clock = Stopwatch.StartNew();
    var (output, generatorTime) = Generate(trees, references, parseOptions);
    var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    withoutTimes.Add(clock.Elapsed.TotalMilliseconds);
    generatorTimes.Add(generatorTime.TotalMilliseconds);
    if (errors.Count > 0)
    {
        Console.Error.WriteLine("The generated project does not compile:\n" + string.Join("\n", errors.Take(20)));
    }

    return errors.Count == 0;
}

// With analyzers: the same on a fresh compilation, with every analyzer of Caching.Analyzers running alongside the
// compiler, as in a build (GetAllDiagnosticsAsync: compiler and analyzer diagnostics in one pass).
async Task With()
{
    var clock = Stopwatch.StartNew();
    var (fresh, _) = Generate(trees, references, parseOptions);
    var all = await fresh.WithAnalyzers(analyzers, Options(logTime: false)).GetAllDiagnosticsAsync(CancellationToken.None);
    withTimes.Add(clock.Elapsed.TotalMilliseconds);
    counts = all.Where(d => d.Id.StartsWith("CACHE", StringComparison.Ordinal) || d.Id.StartsWith("REDIS", StringComparison.Ordinal) || d.Id == "AD0001")
        .GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
}

static CompilationWithAnalyzersOptions Options(bool logTime) => new(
    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
    onAnalyzerException: (exception, analyzer, _) => Console.Error.WriteLine($"{analyzer.GetType().Name} threw: {exception}"),
    concurrentAnalysis: true,
    logAnalyzerExecutionTime: logTime,
    reportSuppressedDiagnostics: false);

static (Compilation Output, TimeSpan GeneratorTime) Generate(List<SyntaxTree> trees, ImmutableArray<MetadataReference> references, CSharpParseOptions parseOptions)
{
    var compilation = CSharpCompilation.Create("Generated", trees, references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
    var driver = CSharpGeneratorDriver.Create(new[] { new CachingGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
        .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
    return (output, driver.GetTimingInfo().ElapsedTime);
}

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

// The running framework's assemblies (its shared folder in the trusted platform assemblies), Caching.Runtime and
// StackExchange.Redis with what they reference from this app's folder.
static ImmutableArray<MetadataReference> References()
{
    var frameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkFolder, StringComparison.Ordinal))
        .ToList();
    var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    var pending = new Queue<Assembly>(new[] { typeof(ICacheStore).Assembly, typeof(StackExchange.Redis.IDatabase).Assembly });
    while (pending.Count > 0)
    {
        var assembly = pending.Dequeue();
        if (!found.Add(assembly.GetName().Name!))
        {
            continue;
        }

        paths.Add(assembly.Location);
        foreach (var name in assembly.GetReferencedAssemblies())
        {
            if (!found.Contains(name.Name!) && File.Exists(Path.Combine(AppContext.BaseDirectory, name.Name + ".dll")))
            {
                pending.Enqueue(Assembly.Load(name));
            }
        }
    }

    return paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
}
