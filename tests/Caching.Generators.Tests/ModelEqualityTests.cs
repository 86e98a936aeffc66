using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;
using Caching.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>Models built from two separate compilations of the same code are equal (not the same instance) with equal hashes.</summary>
public sealed class ModelEqualityTests
{
    private const string Repository = Sources.Usings + """
        namespace App
        {
            [CacheDefaults(KeyPrefix = "shop", Ttl = 60)]
            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>:<home.City>")]
                public partial Task<User?> GetUserAsync(int id, Address home, CancellationToken ct = default);
                private Task<User?> GetUserCoreAsync(int id, Address home, CancellationToken ct) => Task.FromResult<User?>(null);
            }
        }
        """;

    [Fact]
    public void CachedMethodModel_FromTwoCompilations_IsEqual()
    {
        var first = ModelOf(TestCompilation.Create(Repository, Sources.UserAndJsonContext));
        var second = ModelOf(TestCompilation.Create(Repository, Sources.UserAndJsonContext));

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void CachedMethodModel_WithL1AndFailSafe_FromTwoCompilations_IsEqual()
    {
        var source = Sources.Usings + """
            namespace App
            {
                [CacheDefaults(Ttl = 600, LocalTtl = 30, FailSafe = 300)]
                public partial class UserRepository(ICacheStore cache)
                {
                    [Cached(Key = "user:<id>:<home.City>", LocalCapacity = 500, SoftTimeout = 100, HardTimeout = 2000, RefreshAhead = 0.8)]
                    public partial Task<User?> GetUserAsync(int id, Address? home);
                    private Task<User?> GetUserCoreAsync(int id, Address? home) => Task.FromResult<User?>(null);
                }
            }
            """;
        var first = ModelOf(TestCompilation.Create(source, Sources.UserAndJsonContext));
        var second = ModelOf(TestCompilation.Create(source, Sources.UserAndJsonContext));

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(new LocalCacheModel(30, 500, "global::System.ValueTuple<int, string?>", "new global::System.ValueTuple<int, string?>(id, home?.City)"), first.Local);
        Assert.Equal((300, 100, 2000, 0.8), (first.FailSafeSeconds, first.SoftTimeoutMs, first.HardTimeoutMs, first.RefreshAhead));
        Assert.NotEqual(first, first with { Local = first.Local! with { TtlSeconds = 60 } });
        Assert.NotEqual(first, first with { RefreshAhead = 0.5 });
    }

    [Fact]
    public void JsonContextModel_FromTwoCompilations_IsEqual()
    {
        var first = ContextModelOf(TestCompilation.Create(Repository, Sources.UserAndJsonContext));
        var second = ContextModelOf(TestCompilation.Create(Repository, Sources.UserAndJsonContext));

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(new[] { "global::App.User", "string[]" }, first.CoveredTypes.ToArray());
    }

    [Fact]
    public void ManifestModel_FromTwoCompilations_IsEqual()
    {
        var first = (ManifestModel)StepOutputs(TestCompilation.Create(Repository, Sources.UserAndJsonContext), TrackingNames.Manifest).Single();
        var second = (ManifestModel)StepOutputs(TestCompilation.Create(Repository, Sources.UserAndJsonContext), TrackingNames.Manifest).Single();

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        var entry = Assert.Single(first.Entries);
        Assert.Equal(("App.UserRepository", "GetUserAsync", "user:<id>:<home.City>", 60), (entry.DeclaringType, entry.Method, entry.KeyTemplate, entry.TtlSeconds));
        Assert.NotEqual(first, new ManifestModel(new[] { entry with { TtlSeconds = 61 } }.ToEquatableArray()));
    }

    [Fact]
    public void EquatableArray_ComparesBySequence()
    {
        var a = new[] { new ContainingTypeModel("class", "A"), new ContainingTypeModel("struct", "B") }.ToEquatableArray();
        var b = new[] { new ContainingTypeModel("class", "A"), new ContainingTypeModel("struct", "B") }.ToEquatableArray();
        var c = new[] { new ContainingTypeModel("class", "A") }.ToEquatableArray();

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void SmallModels_HaveValueEquality()
    {
        Assert.Equal(new ParameterModel("int", "id", false, false, false), new ParameterModel("int", "id", false, false, false));
        Assert.NotEqual(new ParameterModel("int", "id", false, false, false), new ParameterModel("long", "id", false, false, false));
        Assert.Equal(new KeyPartModel(null, "id", HoleKind.Formattable, null, false), new KeyPartModel(null, "id", HoleKind.Formattable, null, false));
        Assert.Equal(new SerializerModel(SerializerKind.Json, "global::App.User", null), new SerializerModel(SerializerKind.Json, "global::App.User", null));
    }

    private static CachedMethodModel ModelOf(Compilation compilation)
        => (CachedMethodModel)StepOutputs(compilation, TrackingNames.CachedMethods).Single();

    private static JsonContextModel ContextModelOf(Compilation compilation)
        => ((EquatableArray<JsonContextModel>)StepOutputs(compilation, TrackingNames.JsonContexts).Single()).Single();

    private static object[] StepOutputs(Compilation compilation, string step)
        => GeneratorRunner.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single()
            .TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
}
