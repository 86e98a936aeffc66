using System;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;
using Caching.TestSupport;
using Xunit;

namespace Caching.Package.Tests;

/// <summary>
/// The one NuGet package carries the runtime and every compile-time part, depends on StackExchange.Redis but not on
/// Roslyn, and works from a local feed in a fresh project: it generates, analyzes, builds and answers from Redis.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class PackageTests(RedisServerFixture redis, PackedPackageFixture package) : IClassFixture<PackedPackageFixture>
{
    private const string CachedProgram = """
        using System.Text.Json.Serialization;
        using Caching;
        using StackExchange.Redis;

        using var redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
        var repository = new Consumer.Catalog(new RedisCacheStore(redis, new RedisCacheStoreOptions { KeyPrefix = args[1] }));
        Console.WriteLine((await repository.GetItemAsync(7))!.Name);
        Console.WriteLine((await repository.GetItemAsync(7))!.Name);
        Console.WriteLine("core calls: " + repository.CoreCalls);

        namespace Consumer
        {
            public sealed record Item(int Id, string Name);

            [JsonSerializable(typeof(Item))]
            internal partial class ConsumerJson : JsonSerializerContext;

            public partial class Catalog(ICacheStore cache)
            {
                public int CoreCalls { get; private set; }

                [Cached(Key = "item:<id>", Ttl = 60, Jitter = 5)]
                public partial Task<Item?> GetItemAsync(int id);
                private Task<Item?> GetItemCoreAsync(int id) { CoreCalls++; return Task.FromResult<Item?>(new Item(id, "item " + id)); }
            }
        }
        """;

    [Fact]
    public void Package_CarriesRuntimeForBothFrameworks_AndCompileTimeParts()
    {
        var entries = package.Entries();

        Assert.Contains("lib/net8.0/Caching.Runtime.dll", entries);
        Assert.Contains("lib/net10.0/Caching.Runtime.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Caching.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Caching.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Caching.Analyzers.CodeFixes.dll", entries);

        // The props that make CachingRedisTopology, RedisMinServerVersion and IsTestProject visible to the analyzers,
        // for the project that references the package (build/) and for projects that reference that one (buildTransitive/).
        Assert.Contains("build/Caching.Generators.props", entries);
        Assert.Contains("buildTransitive/Caching.Generators.props", entries);
        Assert.Contains("README.md", entries);
    }

    [Fact]
    public void Nuspec_DependsOnStackExchangeRedis_AndNotOnRoslyn()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        using var reader = new StreamReader(zip.GetEntry("Caching.Generators.nuspec")!.Open());
        var nuspec = reader.ReadToEnd();

        Assert.Contains("<id>Caching.Generators</id>", nuspec, StringComparison.Ordinal);
        Assert.Contains("id=\"StackExchange.Redis\"", nuspec, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", nuspec, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreshProject_RestoresFromTheFeed_BuildsAndAnswersFromRedis()
    {
        var folder = package.CreateConsumer("CachedConsumer", CachedProgram);

        var build = await DotnetCli.DotnetAsync("build -c Release", folder);
        Assert.True(build.ExitCode == 0, "build failed:\n" + build.Output);
        var prefix = "pkg" + Guid.NewGuid().ToString("N")[..8];
        var run = await DotnetCli.DotnetAsync($"run -c Release --no-build -- \"{redis.Server.ConnectionString}\" {prefix}", folder);

        Assert.True(run.ExitCode == 0, "run failed:\n" + run.Output);
        Assert.Contains("item 7\nitem 7\ncore calls: 1", run.Output.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreshProject_SeesIsTestProject_ThroughThePackageProps()
    {
        // REDIS001 reads MSBuild IsTestProject, which reaches analyzers only as a CompilerVisibleProperty.
        const string ListsKeys = """
            using StackExchange.Redis;

            var redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            Console.WriteLine(server.Keys(pattern: "pkg:*").Count());
            """;
        var application = package.CreateConsumer("KeysInAnApplication", ListsKeys);
        var tests = package.CreateConsumer("KeysInATestProject", ListsKeys, "<IsTestProject>true</IsTestProject>");

        var applicationBuild = await DotnetCli.DotnetAsync("build -c Release", application);
        var testsBuild = await DotnetCli.DotnetAsync("build -c Release", tests);

        // TreatWarningsAsErrors is on in the consumers, so the warning fails the application's build.
        Assert.NotEqual(0, applicationBuild.ExitCode);
        Assert.Contains("REDIS001", applicationBuild.Output, StringComparison.Ordinal);
        Assert.True(testsBuild.ExitCode == 0, "the test project's build failed:\n" + testsBuild.Output);
        Assert.DoesNotContain("REDIS001", testsBuild.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreshProject_GetsTheAnalyzersDiagnostics()
    {
        var folder = package.CreateConsumer("MistakeConsumer", CachedProgram.Replace("item:<id>", "item:<itemId>", StringComparison.Ordinal));

        var build = await DotnetCli.DotnetAsync("build -c Release", folder);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("CACHE003", build.Output, StringComparison.Ordinal);
        Assert.Contains("itemId", build.Output, StringComparison.Ordinal);

        // The build output carries the help link, and the page it names is in the repository (CatalogTests checks every ID).
        Assert.Contains("/docs/diagnostics/CACHE003.md)", build.Output, StringComparison.Ordinal);
    }
}
