using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Caching.Generators.Tests.Support;

/// <summary>Runs <see cref="CachingGenerator"/> over user code and checks that it neither failed nor reported anything.</summary>
internal static class GeneratorRunner
{
    public static GeneratorDriver CreateDriver(bool trackSteps = true)
        => CSharpGeneratorDriver.Create(
            new[] { new CachingGenerator().AsSourceGenerator() },
            parseOptions: TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator over valid code; returns the result and the output compilation.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(params string[] sources)
    {
        var (result, output) = RunAllowingDiagnostics(sources);
        Assert.Empty(result.Diagnostics);
        return (result, output);
    }

    /// <summary>Runs the generator; it must not fail, but may report why it skipped a method.</summary>
    public static (GeneratorRunResult Result, Compilation Output) RunAllowingDiagnostics(params string[] sources)
    {
        var input = TestCompilation.Create(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (result, output);
    }

    /// <summary>Asserts that the output compiles with no diagnostic at warning or above (nullable on).</summary>
    public static void AssertCompilesCleanly(Compilation output)
    {
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The output does not compile cleanly:\n" + string.Join("\n", problems));
    }
}
