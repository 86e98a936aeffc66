using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE004: the key template does not parse, or a hole has a format its type cannot take.</summary>
public sealed class KeyTemplateMalformedTests
{
    private const string Repository = """
        using System;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = KEY, Ttl = 600)]
            public partial Task<int> {|CS8795:CountAsync|}(int id, [NotCacheKey] string name);

            private Task<int> CountCoreAsync(int id, string name) => Task.FromResult(id);
        }
        """;

    [Theory]
    [InlineData("\"user:<id\"", "the hole opened at position 5 is not closed with '>'")]
    [InlineData("\"user:id>\"", "'>' at position 7 closes no hole; write '>>' for a literal '>'")]
    [InlineData("\"user:<>\"", "the hole at position 5 is empty; name a parameter, as in '<id>'")]
    [InlineData("\"user:<id:>\"", "the hole '<id:>' has an empty format after ':'")]
    [InlineData("\"user:<na me>\"", "'na me' in the hole at position 5 is not a parameter name or a dotted member path")]
    [InlineData("\"user:<name:N0>\"", "the hole '<name:N0>' has a format, but 'string' is not formattable; remove ':N0'")]
    public Task MalformedTemplate_ReportsCache004AtTheKey(string key, string problem) => Verifier.AnalyzerAsync(
        Repository.Replace("KEY", key),
        Verifier.Diagnostic("CACHE004").WithSpan(9, 19, 9, 19 + key.Length).WithArguments(problem));

    [Fact]
    public Task MalformedSecondTag_ReportsCache004AtThatTag() => Verifier.AnalyzerAsync(
        // The well-formed tag is attached and nothing invalidates it (CACHE012); the malformed one has no shape to match.
        Repository.Replace("KEY", """ "user:<id>", Tags = [{|CACHE012:"user:<id>"|}, {|CACHE004:"user:<id"|}] """.Trim()));

    [Fact]
    public Task KeyFromAConstant_ReportsCache004AtTheExpression() => Verifier.AnalyzerAsync(
        Repository.Replace("[Cached(Key = KEY,", "private const string Prefix = \"user:<\";\n\n    [Cached(Key = {|CACHE004:Prefix + \"id\"|},"));

    [Theory]
    [InlineData("\"user:<id>:<<literal>>\"")]
    [InlineData("\"user:<id:x8>:<name>\"")]
    [InlineData("\"{user}:<id>\"")]
    [InlineData("@\"user:<id>\"")]
    public Task WellFormedTemplate_IsQuiet(string key) => Verifier.AnalyzerAsync(
        Repository.Replace("KEY", key).Replace("{|CS8795:CountAsync|}", "CountAsync") + """

            // Stand-in for the generator's output, which these tests do not run.
            partial class UserRepository
            {
                public partial Task<int> CountAsync(int id, string name) => CountCoreAsync(id, name);
            }
            """);
}
