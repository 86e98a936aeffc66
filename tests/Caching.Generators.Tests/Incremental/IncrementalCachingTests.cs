using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Caching.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Caching.Generators.Tests.Incremental;

/// <summary>
/// The pipeline caches: an unchanged or unrelated edit regenerates nothing, a relevant edit regenerates only what
/// it touches, and no step holds a Roslyn object (which would defeat caching and leak compilations).
/// </summary>
public sealed class IncrementalCachingTests
{
    private const string Repository = Sources.Usings + """
        namespace App
        {
            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Ttl = 600, Jitter = 60)]
                public partial Task<User?> GetUserAsync(int id, CancellationToken ct = default);
                private Task<User?> GetUserCoreAsync(int id, CancellationToken ct) => Task.FromResult<User?>(null);

                [WriteThrough(Key = "user:<user.Id>", Ttl = 600)]
                public partial Task SaveUserAsync(User user);
                private Task SaveUserCoreAsync(User user) => Task.CompletedTask;

                [WriteBehind(Key = "user:<user.Id>", Ttl = 600)]
                [InvalidatesTag("users")]
                public partial Task SaveUserLaterAsync(User user);
                private Task SaveUserLaterCoreAsync(User user) => Task.CompletedTask;

                [Invalidates(Key = "user:<id>")]
                public partial Task DeleteUserAsync(int id);
                private Task DeleteUserCoreAsync(int id) => Task.CompletedTask;

                [CachedBatch(Key = "user:<id>", Ttl = 600)]
                public partial Task<IReadOnlyDictionary<int, User>> GetUsersAsync(IEnumerable<int> ids);
                private Task<IReadOnlyDictionary<int, User>> GetUsersCoreAsync(IReadOnlyList<int> ids) => Task.FromResult<IReadOnlyDictionary<int, User>>(new Dictionary<int, User>());
            }
        }
        """;

    // The cached method, three write methods, the write-behind dispatch table, the batch method and the manifest.
    private const int RepositorySources = 7;

    private static readonly string[] TrackedSteps = typeof(CachingGenerator).Assembly
        .GetType("Caching.Generators.TrackingNames")!
        .GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.NonPublic)
        .Select(f => (string)f.GetValue(null)!)
        .ToArray();

    [Fact]
    public void SecondRunOnClone_EveryTrackedStepIsCachedOrUnchanged()
    {
        var compilation = TestCompilation.Create(Repository, Sources.UserAndJsonContext);
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.Clone());

        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        Assert.All(TrackedSteps, name => Assert.True(steps.ContainsKey(name), $"step '{name}' did not run"));
        foreach (var name in TrackedSteps)
        {
            Assert.All(steps[name].SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        }
    }

    [Fact]
    public void NoStepOutputHoldsARoslynObject()
    {
        var compilation = TestCompilation.Create(Repository, Sources.UserAndJsonContext);
        var steps = GeneratorRunner.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single().TrackedSteps;
        foreach (var name in TrackedSteps)
        {
            foreach (var output in steps[name].SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    [Fact]
    public void UnrelatedFileAdded_MethodModelIsCachedAndNothingIsRegenerated()
    {
        var (driver, compilation) = RunOnce();
        var edited = compilation.AddSyntaxTrees(Parse("namespace App { public class Unrelated { public int X => 1; } }"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(result, TrackingNames.CachedMethods, IncrementalStepRunReason.Cached);
        foreach (var step in TrackedSteps)
        {
            AssertReasons(result, step, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }
    }

    [Fact]
    public void CoreMethodBodyEdited_ModelIsUnchanged()
    {
        var (driver, compilation) = RunOnce();
        var result = driver.RunGenerators(Replace(compilation, "Task.FromResult<User?>(null)", "Task.FromResult<User?>(new User(id, \"x\", null))")).GetRunResult().Results.Single();

        AssertReasons(result, TrackingNames.CachedMethods, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(result, TrackingNames.CachedMethodsWithContexts, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Theory]
    [InlineData("Ttl = 600", "Ttl = 900")]
    [InlineData("\"user:<id>\"", "\"users:<id>\"")]
    public void TtlOrKeyChanged_ModelIsModified(string from, string to)
    {
        var (driver, compilation) = RunOnce();
        var result = driver.RunGenerators(Replace(compilation, from, to)).GetRunResult().Results.Single();

        AssertReasons(result, TrackingNames.CachedMethods, IncrementalStepRunReason.Modified);
    }

    [Theory]
    [InlineData("Jitter = 60)]", "Jitter = 60, LocalTtl = 30)]")]
    [InlineData("Jitter = 60)]", "Jitter = 60, LocalTtl = 30, LocalCapacity = 500)]")]
    [InlineData("Jitter = 60)]", "Jitter = 60, FailSafe = 300)]")]
    [InlineData("Jitter = 60)]", "Jitter = 60, FailSafe = 300, SoftTimeout = 100, HardTimeout = 2000)]")]
    [InlineData("Jitter = 60)]", "Jitter = 60, RefreshAhead = 0.8)]")]
    public void ExpirySettingAdded_ModelIsModified(string from, string to)
    {
        var (driver, compilation) = RunOnce();
        var result = driver.RunGenerators(Replace(compilation, from, to)).GetRunResult().Results.Single();

        AssertReasons(result, TrackingNames.CachedMethods, IncrementalStepRunReason.Modified);
    }

    [Theory]
    [InlineData("LocalTtl = 30)]", "LocalTtl = 60)]", "global::System.TimeSpan.FromSeconds(60), 500)")]
    [InlineData("[CacheDefaults(LocalCapacity = 500)]", "[CacheDefaults(LocalCapacity = 800)]", "global::System.TimeSpan.FromSeconds(30), 800)")]
    [InlineData("LocalTtl = 30)]", "LocalTtl = 0)]", null)]
    public void LocalTtlOrTheTypesCapacityChanged_MethodIsRegenerated(string from, string to, string? field)
    {
        var source = Sources.Usings + """
            namespace App
            {
                [CacheDefaults(LocalCapacity = 500)]
                public partial class UserRepository(ICacheStore cache)
                {
                    [Cached(Key = "user:<id>", Ttl = 600, LocalTtl = 30)]
                    public partial Task<User?> GetUserAsync(int id);
                    private Task<User?> GetUserCoreAsync(int id) => Task.FromResult<User?>(null);
                }
            }
            """;
        var compilation = TestCompilation.Create(source, Sources.UserAndJsonContext);
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        Assert.Contains("global::System.TimeSpan.FromSeconds(30), 500)", driver.GetRunResult().GeneratedTrees.Single(t => !t.FilePath.EndsWith(Emitting.ManifestEmitter.HintName, StringComparison.Ordinal)).ToString(), StringComparison.Ordinal);

        var result = driver.RunGenerators(Replace(compilation, from, to)).GetRunResult().Results.Single();

        AssertReasons(result, TrackingNames.CachedMethods, IncrementalStepRunReason.Modified);
        var generated = result.GeneratedSources.Single(s => s.HintName != Emitting.ManifestEmitter.HintName).SourceText.ToString();
        if (field is null)
        {
            Assert.DoesNotContain("LocalCache<", generated, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(field, generated, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SecondCachedMethodAdded_OldOneCachedNewOneNew()
    {
        var (driver, compilation) = RunOnce();
        var second = Parse(Sources.Usings + """
            namespace App
            {
                public partial class OrderRepository(ICacheStore cache)
                {
                    [Cached(Key = "order:<id>", Ttl = 60)]
                    public partial Task<int> CountAsync(int id);
                    private Task<int> CountCoreAsync(int id) => Task.FromResult(id);
                }
            }
            """);
        var result = driver.RunGenerators(compilation.AddSyntaxTrees(second)).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[TrackingNames.CachedMethods].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Cached, reasons);
        Assert.Contains(IncrementalStepRunReason.New, reasons);
        Assert.Equal(RepositorySources + 1, result.GeneratedSources.Length);
    }

    [Fact]
    public void JsonContextEditedElsewhere_MethodIsRegeneratedWithoutTouchingItsFile()
    {
        var withoutCoverage = Sources.UserAndJsonContext.Replace("[JsonSerializable(typeof(User))]", "", StringComparison.Ordinal);
        var compilation = TestCompilation.Create(Repository, withoutCoverage);
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        // Only DeleteUserAsync, which serializes no User, is generated without a context for User (and the manifest lists it alone).
        Assert.Equal(new[] { "App.UserRepository.DeleteUserAsync.g.cs", Emitting.ManifestEmitter.HintName }, driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));

        var fixedContext = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.ElementAt(1), Parse(Sources.UserAndJsonContext, "Source1.cs"));
        var result = driver.RunGenerators(fixedContext).GetRunResult().Results.Single();

        Assert.Equal(RepositorySources, result.GeneratedSources.Length);
        AssertReasons(result, TrackingNames.CachedMethods, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void UnrelatedFileAddedOrCoreBodyEdited_ManifestIsNotRegenerated()
    {
        var (driver, compilation) = RunOnce();
        var added = driver.RunGenerators(compilation.AddSyntaxTrees(Parse("namespace App { public class Unrelated { public int X => 1; } }"))).GetRunResult().Results.Single();
        var edited = driver.RunGenerators(Replace(compilation, "Task.FromResult<User?>(null)", "Task.FromResult<User?>(new User(id, \"x\", null))")).GetRunResult().Results.Single();

        // Adding or editing a tree re-runs the collected steps; they find equal entries, so the manifest is Cached or
        // Unchanged (never Modified) and the emitter does not run for it.
        AssertReasons(added, TrackingNames.Manifest, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(edited, TrackingNames.Manifest, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void TtlChanged_ManifestIsRegeneratedWithTheNewTtl()
    {
        var (driver, compilation) = RunOnce();
        var result = driver.RunGenerators(Replace(compilation, "Ttl = 600, Jitter = 60", "Ttl = 900, Jitter = 60")).GetRunResult().Results.Single();

        AssertReasons(result, TrackingNames.Manifest, IncrementalStepRunReason.Modified);
        var manifest = result.GeneratedSources.Single(s => s.HintName == Emitting.ManifestEmitter.HintName).SourceText.ToString();
        Assert.Contains("method: \"GetUserAsync\",\n                kind: global::Caching.CacheManifestEntryKind.Cached,\n                keyTemplate: \"user:<id>\",\n                key: \"user:<id>#", manifest, StringComparison.Ordinal);
        Assert.Contains("ttlSeconds: 900,\n                jitterSeconds: 60,", manifest, StringComparison.Ordinal);
    }

    private static (GeneratorDriver Driver, Compilation Compilation) RunOnce()
    {
        var compilation = TestCompilation.Create(Repository, Sources.UserAndJsonContext);
        return (GeneratorRunner.CreateDriver().RunGenerators(compilation), compilation);
    }

    private static SyntaxTree Parse(string source, string path = "Added.cs") => CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions, path);

    private static Compilation Replace(Compilation compilation, string from, string to)
    {
        var tree = compilation.SyntaxTrees.First();
        var text = tree.ToString();
        Assert.Contains(from, text, StringComparison.Ordinal);
        return compilation.ReplaceSyntaxTree(tree, Parse(text.Replace(from, to, StringComparison.Ordinal), tree.FilePath));
    }

    private static void AssertReasons(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }

    private static readonly Type[] BannedTypes =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree),
    };

    private static void AssertNoRoslynObjects(object? value, string step, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        var type = value.GetType();
        Assert.False(BannedTypes.Any(b => b.IsAssignableFrom(type)), $"step '{step}' holds a {type}");
        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertNoRoslynObjects(item, step, seen);
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), step, seen);
        }
    }
}
