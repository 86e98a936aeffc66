using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Caching.Package.Tests;

/// <summary>
/// Packs the one NuGet package into a temp folder feed, once for the test class, with a version of its own so the
/// global package cache can never hand back an older build.
/// </summary>
public sealed class PackedPackageFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "caching-package-" + Guid.NewGuid().ToString("N")[..8]);

    public string Feed => Path.Combine(Root, "feed");

    public string Version { get; } = "0.1.0-pkgtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public string PackagePath => Path.Combine(Feed, $"Caching.Generators.{Version}.nupkg");

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Caching.Generators.sln")))
                {
                    return dir;
                }
            }

            throw new InvalidOperationException("Caching.Generators.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var project = Path.Combine(RepositoryRoot, "src", "Runtime", "Caching.Runtime.csproj");
        var (exitCode, output) = await DotnetCli.DotnetAsync(
            $"pack \"{project}\" -c Release -o \"{Feed}\" --artifacts-path \"{Path.Combine(Root, "artifacts")}\" -p:Version={Version}", Root);
        if (exitCode != 0 || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + output);
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Creates a consumer project folder that restores the package from the feed; <paramref name="extraProperties"/>
    /// are added to its property group as they are (for example <c>&lt;IsTestProject&gt;true&lt;/IsTestProject&gt;</c>).
    /// </summary>
    public string CreateConsumer(string name, string programSource, string extraProperties = "")
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local-feed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Caching.Generators" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), programSource);
        // Keep the repository's build settings out of the consumer, as on a user's machine.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
        return folder;
    }

    public string[] Entries()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(PackagePath);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }
}
