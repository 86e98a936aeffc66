using System.Linq;
using Caching.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>Code the generator cannot handle gets no output and never an exception; the analyzers explain why.</summary>
public sealed class InvalidInputTests
{
    public static TheoryData<string, string, string> InvalidMethods => new()
    {
        { "not partial", "CACHE001", """[Cached(Key = "k:<id>", Ttl = 60)] public Task<int> GetAsync(int id) => Task.FromResult(id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "core missing", "CACHE002", """[Cached(Key = "k:<id>", Ttl = 60)] public partial Task<int> GetAsync(int id);""" },
        { "core mismatched", "CACHE002", """[Cached(Key = "k:<id>", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(long id) => Task.FromResult(1);""" },
        { "unknown hole", "CACHE003", """[Cached(Key = "k:<userId>", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "unknown member", "CACHE003", """[Cached(Key = "k:<id.Nope>", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "unclosed hole", "CACHE004", """[Cached(Key = "k:<id", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "empty hole", "CACHE004", """[Cached(Key = "k:<>", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "hole without string form", "CACHE005", """[Cached(Key = "k:<o>", Ttl = 60)] public partial Task<int> GetAsync(object o); private Task<int> GetCoreAsync(object o) => Task.FromResult(1);""" },
        { "token in key", "CACHE009", """[Cached(Key = "k:<ct>", Ttl = 60)] public partial Task<int> GetAsync(CancellationToken ct); private Task<int> GetCoreAsync(CancellationToken ct) => Task.FromResult(1);""" },
        { "format on string", "CACHE004", """[Cached(Key = "k:<s:N2>", Ttl = 60)] public partial Task<int> GetAsync(string s); private Task<int> GetCoreAsync(string s) => Task.FromResult(1);""" },
        { "local ttl with the store's default ttl", "CACHE010", """[Cached(Key = "k:<id>", LocalTtl = 10)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "negative ttl", "CACHE010", """[Cached(Key = "k:<id>", Ttl = -5)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "jitter not below ttl", "CACHE010", """[Cached(Key = "k:<id>", Ttl = 60, Jitter = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "local ttl above ttl", "CACHE010", """[Cached(Key = "k:<id>", Ttl = 60, LocalTtl = 120)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "local capacity below 3", "CACHE010", """[Cached(Key = "k:<id>", Ttl = 60, LocalTtl = 10, LocalCapacity = 2)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "timeout without fail-safe", "CACHE010", """[Cached(Key = "k:<id>", Ttl = 60, SoftTimeout = 100)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "refresh-ahead of 1", "CACHE010", """[Cached(Key = "k:<id>", Ttl = 60, RefreshAhead = 1.0)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "generic method", "CACHE016", """[Cached(Key = "k:<id>", Ttl = 60)] public partial Task<T> GetAsync<T>(int id); private Task<T> GetCoreAsync<T>(int id) => Task.FromResult(default(T)!);""" },
        { "ref parameter", "CACHE014", """[Cached(Key = "k:<id>", Ttl = 60)] public partial int Get(ref int id); private int GetCore(ref int id) => id;""" },
        { "task without value", "CACHE015", """[Cached(Key = "k:<id>", Ttl = 60)] public partial Task SaveAsync(int id); private Task SaveCoreAsync(int id) => Task.CompletedTask;""" },
        { "no json context covers the type", "CACHE017", """[Cached(Key = "k:<id>", Ttl = 60)] public partial Task<Uncovered> GetAsync(int id); private Task<Uncovered> GetCoreAsync(int id) => Task.FromResult(new Uncovered());""" },
    };

    [Theory]
    [MemberData(nameof(InvalidMethods))]
    public void InvalidMethod_GetsNoOutput_AndTheGeneratorSaysWhy(string reason, string expectedId, string member)
    {
        var (result, _) = GeneratorRunner.RunAllowingDiagnostics(Sources.Usings + $$"""
            namespace App
            {
                public sealed class Uncovered { public int X { get; set; } }
                public partial class Repository(ICacheStore cache)
                {
                    {{member}}
                }
            }
            """, Sources.UserAndJsonContext);

        Assert.True(result.GeneratedSources.IsEmpty, reason + ": expected no output");
        // A command-line build runs no analyzer once CS8795 appears, so the generator reports the error itself.
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(expectedId, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.True(diagnostic.Location.IsInSource, reason + ": the error must point into the user's code");
    }

    // The generator locates its errors with the analyzers' shared ProblemLocations: on the attribute at fault, on the
    // one entry of Tags that is wrong.
    public static TheoryData<string, string, string> LocatedErrors => new()
    {
        {
            "CACHE019", "WriteBehind(Key = \"k:<id>\", Ttl = 60)",
            """[WriteThrough(Key = "k:<id>", Ttl = 60)] [WriteBehind(Key = "k:<id>", Ttl = 60)] public partial Task SaveAsync(int id); private Task SaveCoreAsync(int id) => Task.CompletedTask;"""
        },
        {
            "CACHE019", "Cached(Key = \"all\", Ttl = 60)",
            """[Cached(Key = "all", Ttl = 60)] [CachedBatch(Key = "k:<id>", Ttl = 60)] public partial Task<IReadOnlyDictionary<int, int>> GetAsync(IEnumerable<int> ids); private Task<IReadOnlyDictionary<int, int>> GetCoreAsync(IReadOnlyList<int> ids) => Task.FromResult<IReadOnlyDictionary<int, int>>(new Dictionary<int, int>());"""
        },
        {
            "CACHE027", "WriteThrough(Key = \"k:<id>\", Ttl = 60)",
            """[WriteThrough(Key = "k:<id>", Ttl = 60)] public partial Task SaveAsync(int id, string name); private Task SaveCoreAsync(int id, string name) => Task.CompletedTask;"""
        },
        {
            "CACHE027", "SaveAsync",
            """[WriteThrough(Key = "k", Ttl = 60)] public partial Task SaveAsync(); private Task SaveCoreAsync() => Task.CompletedTask;"""
        },
        {
            "CACHE010", "2000",
            """[Cached(Key = "k:<id>", Ttl = 60, FailSafe = 600, SoftTimeout = 2000, HardTimeout = 500)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);"""
        },
        {
            "CACHE010", "1.5",
            """[Cached(Key = "k:<id>", Ttl = 60, LocalTtl = 10, RefreshAhead = 1.5)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);"""
        },
        {
            "CACHE003", "\"t:<userId>\"",
            """[Cached(Key = "k:<id>", Ttl = 60, Tags = ["t:<id>", "t:<userId>"])] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);"""
        },
        {
            "CACHE004", "\"t:<id\"",
            """[Cached(Key = "k:<id>", Ttl = 60, Tags = new[] { "t:<id", "t:<id>" })] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);"""
        },
        {
            "CACHE005", "\"t:<o>\"",
            """[WriteThrough(Key = "k:<id>", Ttl = 60, Value = nameof(id), Tags = new string[] { "t", "t:<o>" })] public partial Task SaveAsync(int id, object o); private Task SaveCoreAsync(int id, object o) => Task.CompletedTask;"""
        },
        {
            "CACHE003", "\"t:<userId>\"",
            """[CachedBatch(Key = "k:<id>", Ttl = 60, Tags = ["t:<id>", "t:<userId>"])] public partial Task<IReadOnlyDictionary<int, int>> GetAsync(IEnumerable<int> ids); private Task<IReadOnlyDictionary<int, int>> GetCoreAsync(IReadOnlyList<int> ids) => Task.FromResult<IReadOnlyDictionary<int, int>>(new Dictionary<int, int>());"""
        },
        {
            "CACHE003", "\"t:<userId>\"",
            """[Invalidates(Key = "k:<id>")] [InvalidatesTag("t:<userId>")] public partial Task ForgetAsync(int id); private Task ForgetCoreAsync(int id) => Task.CompletedTask;"""
        },
    };

    [Theory]
    [MemberData(nameof(LocatedErrors))]
    public void Error_IsReportedWhereTheAnalyzerReportsIt(string expectedId, string expectedText, string member)
    {
        var (result, _) = GeneratorRunner.RunAllowingDiagnostics(Sources.Usings + $$"""
            namespace App
            {
                public partial class Repository(ICacheStore cache)
                {
                    {{member}}
                }
            }
            """, Sources.UserAndJsonContext);

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == expectedId);
        Assert.Equal(expectedText, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Theory]
    [InlineData("CACHE018", "public partial class R { [Cached(Key = \"k:<id>\", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id); }")]
    [InlineData("CACHE018", "public partial class R(ICacheStore a, ICacheStore b) { [Cached(Key = \"k:<id>\", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id); }")]
    [InlineData("CACHE001", "public class R(ICacheStore a) { [Cached(Key = \"k:<id>\", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id); }")]
    [InlineData("CACHE016", "public partial class R<T>(ICacheStore a) { [Cached(Key = \"k:<id>\", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id); }")]
    public void InvalidType_GetsNoOutput_AndTheGeneratorSaysWhy(string expectedId, string type)
    {
        var (result, _) = GeneratorRunner.RunAllowingDiagnostics(Sources.Usings + "namespace App { " + type + " }");

        Assert.True(result.GeneratedSources.IsEmpty);
        Assert.Equal(expectedId, Assert.Single(result.Diagnostics).Id);
    }

    [Theory]
    [InlineData("public partial class R(ICacheStore c) { [Cached(Key = \"k:<id>\", Ttl = ")]
    [InlineData("public partial class R(ICacheStore c) { [Cached(Key = \"k:<id>\", Ttl = 60)] public partial Task<int> GetAsync(int id")]
    [InlineData("public partial class R(ICacheStore c) { [Cached(Key = 42, Ttl = \"x\")] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id); }")]
    [InlineData("public partial class R(ICacheStore c) { [Cached(Key = \"k:<id>\", Ttl = 60)] public partial Task<Missing> GetAsync(Missing id); }")]
    [InlineData("[Cached(Key = \"k\", Ttl = 60)] public partial class R { }")]
    public void BrokenCode_NeverCrashesTheGenerator(string code)
    {
        var compilation = TestCompilation.Create(Sources.Usings + "namespace App { " + code + " }");
        var result = GeneratorRunner.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.All(result.Diagnostics, d => Assert.StartsWith("CACHE", d.Id, System.StringComparison.Ordinal));
    }

    [Fact]
    public void UserWroteTheImplementation_GeneratorLeavesItAlone()
    {
        var (result, _) = GeneratorRunner.Run(Sources.Usings + """
            namespace App
            {
                public partial class R(ICacheStore c)
                {
                    [Cached(Key = "k:<id>", Ttl = 60)] public partial Task<int> GetAsync(int id);
                    public partial Task<int> GetAsync(int id) => Task.FromResult(id);
                    private Task<int> GetCoreAsync(int id) => Task.FromResult(id);
                }
            }
            """);

        Assert.True(result.GeneratedSources.IsEmpty);
    }
}
