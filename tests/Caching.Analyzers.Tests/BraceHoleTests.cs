using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE026: braces around a parameter name, a hole written as a Redis hash tag.</summary>
public sealed class BraceHoleTests
{
    private const string Repository = """
        using System;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = KEY, Ttl = 600)]
            public partial Task<string?> GetNameAsync(int id, [NotCacheKey] DateOnly day);

            private Task<string?> GetNameCoreAsync(int id, DateOnly day) => Task.FromResult<string?>(null);
        }

        // Stand-in for the generator's output: a warning does not stop it.
        partial class UserRepository
        {
            public partial Task<string?> GetNameAsync(int id, DateOnly day) => GetNameCoreAsync(id, day);
        }
        """;

    // TAGS are attached, INVALIDATED1 and INVALIDATED2 invalidated; every tag the tests write is declared known, braced
    // or not, so CACHE011 and CACHE012 stay quiet before and after a fix.
    private const string TaggedRepository = """
        using System;
        using System.Threading.Tasks;
        using Caching;

        [assembly: KnownCacheTags("user:<id>", "day:<day>", "user:{id}", "day:{day}", "day:{day:yyyy-MM-dd}")]

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>:<day>", Ttl = 600, Tags = TAGS)]
            public partial Task<string?> GetNameAsync(int id, DateOnly day);

            [InvalidatesTag(INVALIDATED1)]
            [InvalidatesTag(INVALIDATED2)]
            public partial Task ForgetAsync(int id, DateOnly day);

            private Task<string?> GetNameCoreAsync(int id, DateOnly day) => Task.FromResult<string?>(null);

            private Task ForgetCoreAsync(int id, DateOnly day) => Task.CompletedTask;
        }

        // Stand-in for the generator's output: a warning does not stop it.
        partial class UserRepository
        {
            public partial Task<string?> GetNameAsync(int id, DateOnly day) => GetNameCoreAsync(id, day);

            public partial Task ForgetAsync(int id, DateOnly day) => ForgetCoreAsync(id, day);
        }
        """;

    [Fact]
    public Task BracedParameterName_ReportsCache026AtTheKey() => Verifier.AnalyzerAsync(
        Repository.Replace("KEY", "\"user:{id}\""),
        Verifier.Diagnostic("CACHE026").WithSpan(9, 19, 9, 30).WithArguments("id"));

    [Theory]
    [InlineData("\"user:{id}:<day>\"")]
    [InlineData("\"user:<id>:{day:yyyy-MM-dd}\"")]
    [InlineData("\"{id.Length}:<id>:<day>\"")]
    public Task BracedParameterPath_ReportsCache026(string key) => Verifier.AnalyzerAsync(
        Repository.Replace("KEY", "{|CACHE026:" + key + "|}"));

    [Theory]
    [InlineData("\"{tenant}:user:<id>:<day>\"")]
    [InlineData("\"{<id>}:user:<day>\"")]
    [InlineData("\"{user:<id>}:profile:<day>\"")]
    [InlineData("\"user:<id>:<day>:{ids}\"")]
    public Task HashTagsThatNameNoParameter_AreQuiet(string key) => Verifier.AnalyzerAsync(Repository.Replace("KEY", key));

    [Theory]
    [InlineData("\"user:{id}\"", "\"user:<id>\"")]
    [InlineData("@\"user:{id}\"", "@\"user:<id>\"")]
    [InlineData("\"user:<id>:{day:yyyy-MM-dd}\"", "\"user:<id>:<day:yyyy-MM-dd>\"")]
    [InlineData("\"{id}:\\u0041\"", "\"<id>:\\u0041\"")]
    public Task Fix_TurnsTheBracesIntoAHole(string key, string fixedKey) => Verifier.CodeFixAsync<BraceHoleCodeFixProvider>(
        Repository.Replace("KEY", "{|CACHE026:" + key + "|}"),
        Repository.Replace("KEY", fixedKey));

    [Fact]
    public Task BracedParameterInTheSecondTag_ReportsCache026AtThatTag() => Verifier.AnalyzerAsync(
        Tagged("""["user:<id>", "day:{day}"]""", "\"user:<id>\"", "\"day:{day}\""),
        Verifier.Diagnostic("CACHE026").WithSpan(11, 70, 11, 81).WithArguments("day"),
        Verifier.Diagnostic("CACHE026").WithSpan(15, 21, 15, 32).WithArguments("day"));

    [Theory]
    [InlineData("""[{|CACHE026:"user:{id}"|}, "day:<day>"]""", """["user:<id>", "day:<day>"]""")]
    [InlineData("""new[] { "user:<id>", {|CACHE026:"day:{day}"|} }""", """new[] { "user:<id>", "day:<day>" }""")]
    [InlineData("""new string[] { "user:<id>", {|CACHE026:@"day:{day:yyyy-MM-dd}"|} }""", """new string[] { "user:<id>", @"day:<day:yyyy-MM-dd>" }""")]
    public Task Fix_TurnsTheBracesOfATagIntoAHole(string tags, string fixedTags) => Verifier.CodeFixAsync<BraceHoleCodeFixProvider>(
        Tagged(tags, "\"user:<id>\"", "\"day:<day>\""),
        Tagged(fixedTags, "\"user:<id>\"", "\"day:<day>\""));

    [Fact]
    public Task FixAll_TurnsTheBracesOfEveryTagKeyAndInvalidatedTagIntoHoles() => Verifier.FixAllAsync<BraceHoleCodeFixProvider>(
        Tagged("""[{|CACHE026:"user:{id}"|}, {|CACHE026:"day:{day}"|}]""", """{|CACHE026:"user:{id}"|}""", """{|CACHE026:"day:{day}"|}""")
            .Replace("\"user:<id>:<day>\"", "{|CACHE026:\"user:<id>:{day}\"|}"),
        Tagged("""["user:<id>", "day:<day>"]""", "\"user:<id>\"", "\"day:<day>\""));

    private static string Tagged(string tags, string invalidated1, string invalidated2)
        => TaggedRepository.Replace("TAGS", tags).Replace("INVALIDATED1", invalidated1).Replace("INVALIDATED2", invalidated2);
}
