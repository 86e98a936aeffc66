using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Caching.Analyzers.Tests.Support;

/// <summary>What every test compilation references: the .NET reference pack, Caching.Runtime and StackExchange.Redis.</summary>
internal static class TestReferences
{
    /// <summary>
    /// The Microsoft.NETCore.App.Ref pack that the test project restores with PackageDownload, resolved from the NuGet
    /// packages folder through a NuGet.config with no package sources, so a test run never downloads anything.
    /// </summary>
    public static ReferenceAssemblies Framework { get; } = CreateFramework();

    /// <summary>Caching.Runtime (the attributes) and StackExchange.Redis.</summary>
    public static ImmutableArray<MetadataReference> Libraries { get; } = ImmutableArray.Create<MetadataReference>(
        MetadataReference.CreateFromFile(typeof(CachedAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(StackExchange.Redis.IDatabase).Assembly.Location));

    private static ReferenceAssemblies CreateFramework()
    {
        var packageRoot = Metadata("NuGetPackageRoot");
        var version = Metadata("TestReferencePackVersion");
        var folder = Path.Combine(Path.GetTempPath(), "caching-analyzers-tests");
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "NuGet.offline.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packageRoot}" />
              </config>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);
        return new ReferenceAssemblies("net10.0", new PackageIdentity("Microsoft.NETCore.App.Ref", version), Path.Combine("ref", "net10.0"))
            .WithNuGetConfigFilePath(config);
    }

    private static string Metadata(string key)
        => typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata; see Caching.Analyzers.Tests.csproj.");
}
