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
            public partial Task<string?> GetNameAsync(int id, DateOnly day);

            private Task<string?> GetNameCoreAsync(int id, DateOnly day) => Task.FromResult<string?>(null);
        }

        // Stand-in for the generator's output: a warning does not stop it.
        partial class UserRepository
        {
            public partial Task<string?> GetNameAsync(int id, DateOnly day) => GetNameCoreAsync(id, day);
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
    [InlineData("\"{id}:\\t\"", "\"<id>:\\t\"")]
    public Task Fix_TurnsTheBracesIntoAHole(string key, string fixedKey) => Verifier.CodeFixAsync<BraceHoleCodeFixProvider>(
        Repository.Replace("KEY", "{|CACHE026:" + key + "|}"),
        Repository.Replace("KEY", fixedKey));
}
