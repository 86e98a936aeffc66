using System.Linq;
using Caching.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>Code the generator cannot handle gets no output and never an exception; the analyzers explain why.</summary>
public sealed class InvalidInputTests
{
    public static TheoryData<string, string> InvalidMethods => new()
    {
        { "not partial", """[Cached(Key = "k:<id>", Ttl = 60)] public Task<int> GetAsync(int id) => Task.FromResult(id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "core missing", """[Cached(Key = "k:<id>", Ttl = 60)] public partial Task<int> GetAsync(int id);""" },
        { "core mismatched", """[Cached(Key = "k:<id>", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(long id) => Task.FromResult(1);""" },
        { "unknown hole", """[Cached(Key = "k:<userId>", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "unknown member", """[Cached(Key = "k:<id.Nope>", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "unclosed hole", """[Cached(Key = "k:<id", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "empty hole", """[Cached(Key = "k:<>", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "hole without string form", """[Cached(Key = "k:<o>", Ttl = 60)] public partial Task<int> GetAsync(object o); private Task<int> GetCoreAsync(object o) => Task.FromResult(1);""" },
        { "token in key", """[Cached(Key = "k:<ct>", Ttl = 60)] public partial Task<int> GetAsync(CancellationToken ct); private Task<int> GetCoreAsync(CancellationToken ct) => Task.FromResult(1);""" },
        { "format on string", """[Cached(Key = "k:<s:N2>", Ttl = 60)] public partial Task<int> GetAsync(string s); private Task<int> GetCoreAsync(string s) => Task.FromResult(1);""" },
        { "no ttl", """[Cached(Key = "k:<id>")] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "negative ttl", """[Cached(Key = "k:<id>", Ttl = -5)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "jitter not below ttl", """[Cached(Key = "k:<id>", Ttl = 60, Jitter = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id);""" },
        { "generic method", """[Cached(Key = "k:<id>", Ttl = 60)] public partial Task<T> GetAsync<T>(int id); private Task<T> GetCoreAsync<T>(int id) => Task.FromResult(default(T)!);""" },
        { "ref parameter", """[Cached(Key = "k:<id>", Ttl = 60)] public partial int Get(ref int id); private int GetCore(ref int id) => id;""" },
        { "task without value", """[Cached(Key = "k:<id>", Ttl = 60)] public partial Task SaveAsync(int id); private Task SaveCoreAsync(int id) => Task.CompletedTask;""" },
        { "no json context covers the type", """[Cached(Key = "k:<id>", Ttl = 60)] public partial Task<Uncovered> GetAsync(int id); private Task<Uncovered> GetCoreAsync(int id) => Task.FromResult(new Uncovered());""" },
    };

    [Theory]
    [MemberData(nameof(InvalidMethods))]
    public void InvalidMethod_GetsNoOutput(string reason, string member)
    {
        var (result, _) = GeneratorRunner.Run(Sources.Usings + $$"""
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
    }

    [Theory]
    [InlineData("public partial class R { [Cached(Key = \"k:<id>\", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id); }")]
    [InlineData("public partial class R(ICacheStore a, ICacheStore b) { [Cached(Key = \"k:<id>\", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id); }")]
    [InlineData("public class R(ICacheStore a) { [Cached(Key = \"k:<id>\", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id); }")]
    [InlineData("public partial class R<T>(ICacheStore a) { [Cached(Key = \"k:<id>\", Ttl = 60)] public partial Task<int> GetAsync(int id); private Task<int> GetCoreAsync(int id) => Task.FromResult(id); }")]
    public void InvalidType_GetsNoOutput(string type)
    {
        var (result, _) = GeneratorRunner.Run(Sources.Usings + "namespace App { " + type + " }");

        Assert.True(result.GeneratedSources.IsEmpty);
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
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
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
