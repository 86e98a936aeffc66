using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Keys;

/// <summary>CACHE006: a key hole whose equal values format differently.</summary>
public sealed class KeyHoleInexactTests
{
    [Theory]
    [InlineData("double price", "price", "0 and -0 are equal but format as '0' and '-0'")]
    [InlineData("float price", "price", "0 and -0 are equal but format as '0' and '-0'")]
    [InlineData("decimal price", "price", "1.0m and 1.00m are equal but format as '1.0' and '1.00'")]
    [InlineData("DateTime price", "price", "one instant formats differently as a Utc, Local or Unspecified DateTime")]
    [InlineData("DateTimeOffset price", "price", "one instant formats differently with each offset")]
    [InlineData("DateTime? price", "price", "one instant formats differently as a Utc, Local or Unspecified DateTime")]
    public Task InexactHole_ReportsCache006AtTheKey(string parameter, string hole, string reason) => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"report:<" + hole + ">\", Ttl = 600)]", parameter, parameter),
        Verifier.Diagnostic("CACHE006").WithSpan(13, 19, 13, 19 + 11 + hole.Length).WithArguments(hole, reason));

    [Fact]
    public Task InexactTag_ReportsCache006AtTheTag() => Verifier.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Caching;

        [assembly: KnownCacheTags("day:<day>")]

        namespace App;

        public partial class Reports(ICacheStore cache)
        {
            [Cached(Key = "report:<id>:<day:yyyy-MM-dd>", Ttl = 600, Tags = [{|CACHE006:"day:<day>"|}])]
            public partial Task<int> {|CS8795:CountAsync|}(int id, DateTime day);

            private Task<int> CountCoreAsync(int id, DateTime day) => Task.FromResult(0);
        }
        """);

    [Theory]
    [InlineData("int id", "report:<id>")]
    [InlineData("long id", "report:<id>")]
    [InlineData("Guid id", "report:<id>")]
    [InlineData("DateOnly id", "report:<id>")]
    [InlineData("TimeSpan id", "report:<id>")]
    [InlineData("string id", "report:<id>")]
    [InlineData("DateTime id", "report:<id:yyyy-MM-dd>")]
    [InlineData("double id", "report:<id:F2>")]
    [InlineData("DateTimeOffset id", "report:<id:yyyyMMddHHmmss>")]
    public Task ExactOrFormattedHole_IsQuiet(string parameter, string key) => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"" + key + "\", Ttl = 600)]", parameter, parameter));
}
