using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE005: a key hole's type has no stable, culture-invariant string form.</summary>
public sealed class KeyHoleNotFormattableTests
{
    private const string Repository = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public enum Region : byte { North, South }

        public sealed class Filter
        {
            public int Id { get; init; }
            public Region Region { get; init; }
        }

        public partial class ReportRepository(ICacheStore cache)
        {
            [Cached(Key = KEY, Ttl = 600)]
            public partial Task<int> COUNT(PARAMETER);

            private Task<int> CountCoreAsync(PARAMETER) => Task.FromResult(0);
        }
        """;

    [Theory]
    [InlineData("object filter", "\"report:<filter>\"", "object")]
    [InlineData("Filter filter", "\"report:<filter>\"", "App.Filter")]
    [InlineData("IComparable filter", "\"report:<filter>\"", "System.IComparable")]
    [InlineData("int[] filter", "\"report:<filter>\"", "int[]")]
    [InlineData("List<int> filter", "\"report:<filter>\"", "System.Collections.Generic.List<int>")]
    [InlineData("User filter", "\"report:<filter>\"", "App.User")]
    public Task HoleWithoutAStableStringForm_ReportsCache005AtTheKey(string parameter, string key, string type) => Verifier.AnalyzerAsync(
        new[] { Repository.Replace("PARAMETER", parameter).Replace("KEY", key).Replace("COUNT", "{|CS8795:CountAsync|}"), Sources.Domain },
        Verifier.Diagnostic("CACHE005").WithSpan(18, 19, 18, 19 + key.Length).WithArguments("filter", type));

    [Fact]
    public Task HoleWithoutAStableStringFormInTheSecondTag_ReportsCache005AtThatTag() => Verifier.AnalyzerAsync(
        new[]
        {
            Repository.Replace("PARAMETER", "Filter filter").Replace("COUNT", "{|CS8795:CountAsync|}")
                .Replace("KEY", """ "report:<filter.Id>", Tags = new[] { "report:<filter.Region>", "report:<filter>" } """.Trim()),
            Sources.Domain,
            // Another assembly invalidates the tags (CACHE012 would say nobody does).
            "using Caching;\n\n[assembly: KnownCacheTags(\"report:<id>\")]\n",
        },
        Verifier.Diagnostic("CACHE005").WithSpan(18, 82, 18, 99).WithArguments("filter", "App.Filter"));

    [Fact]
    public Task DefaultKeyWithAnObjectParameter_ReportsCache005AtTheAttribute() => Verifier.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class ReportRepository(ICacheStore cache)
        {
            [{|CACHE005:Cached(Ttl = 600)|}]
            public partial Task<int> {|CS8795:CountAsync|}(object filter);

            private Task<int> CountCoreAsync(object filter) => Task.FromResult(0);
        }
        """);

    [Theory]
    [InlineData("Filter filter", "\"report:<filter.Id>:<filter.Region>\"")]
    [InlineData("Guid filter", "\"report:<filter>\"")]
    [InlineData("DateOnly filter", "\"report:<filter:yyyy-MM-dd>\"")]
    [InlineData("DateTimeOffset filter", "\"report:<filter:yyyy-MM-dd>\"")]
    [InlineData("TimeSpan filter", "\"report:<filter>\"")]
    [InlineData("Region? filter", "\"report:<filter>\"")]
    [InlineData("long? filter", "\"report:<filter>\"")]
    [InlineData("bool filter", "\"report:<filter>\"")]
    [InlineData("char filter", "\"report:<filter>\"")]
    [InlineData("string? filter", "\"report:<filter>\"")]
    [InlineData("decimal filter", "\"report:<filter:F2>\"")]
    public Task HoleWithAStableStringForm_IsQuiet(string parameter, string key) => Verifier.AnalyzerAsync(
        Repository.Replace("PARAMETER", parameter).Replace("KEY", key).Replace("COUNT", "CountAsync") + $$"""

            // Stand-in for the generator's output, which these tests do not run.
            partial class ReportRepository
            {
                public partial Task<int> CountAsync({{parameter}}) => CountCoreAsync(filter);
            }
            """);
}
