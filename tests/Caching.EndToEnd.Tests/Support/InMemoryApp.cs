using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.EndToEnd.Tests.Support;

/// <summary>
/// Compiles user code in memory the way a build would, with our generator and System.Text.Json's source generator
/// (taken from the installed targeting pack), refuses any warning, and loads the assembly.
/// </summary>
internal static class InMemoryApp
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(ICacheStore).Assembly.Location);
        paths.Add(typeof(StackExchange.Redis.IDatabase).Assembly.Location);
        paths.Add(typeof(InMemoryApp).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    private static readonly Lazy<ISourceGenerator[]> Generators = new(() =>
        new[] { new Caching.Generators.CachingGenerator().AsSourceGenerator() }.Concat(SystemTextJsonGenerator()).ToArray());

    public static Assembly Compile(string source, string assemblyName)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source, parseOptions, path: assemblyName + ".cs") },
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create(Generators.Value, parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        var problems = generatorDiagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The user code does not compile cleanly:\n" + string.Join("\n", problems));
        }

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("Emit failed:\n" + string.Join("\n", emitted.Diagnostics));
        }

        return Assembly.Load(image.ToArray());
    }

    public static T Create<T>(Assembly assembly, string typeName, params object[] arguments)
        => (T)Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!, arguments)!;

    // The System.Text.Json generator of the running runtime's major version, from the SDK's targeting packs or
    // the NuGet cache (a self-contained net8.0 run gets the 8.0 pack there).
    private static IEnumerable<ISourceGenerator> SystemTextJsonGenerator()
    {
        var major = Environment.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".";
        var packFolders = new[]
        {
            Path.Combine(DotnetRoot(), "packs", "Microsoft.NETCore.App.Ref"),
            Path.Combine(NuGetPackagesFolder(), "microsoft.netcore.app.ref"),
        };
        var path = packFolders.Where(Directory.Exists)
            .SelectMany(Directory.GetDirectories)
            .Where(d => Path.GetFileName(d).StartsWith(major, StringComparison.Ordinal))
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version(0, 0))
            .Select(d => Path.Combine(d, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"No System.Text.Json source generator for .NET {major}x in: {string.Join(", ", packFolders)}");
        return new AnalyzerFileReference(path, new AssemblyLoader()).GetGenerators(LanguageNames.CSharp);
    }

    private static string DotnetRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var host = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "dotnet"))
            .FirstOrDefault(File.Exists);
        return host is null ? "/usr/share/dotnet" : Path.GetDirectoryName(new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host)!;
    }

    private static string NuGetPackagesFolder()
        => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
           ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private sealed class AssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
