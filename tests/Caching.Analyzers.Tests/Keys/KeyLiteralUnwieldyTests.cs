using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Keys;

/// <summary>CACHE021: long literal key text, whitespace or control characters in it.</summary>
public sealed class KeyLiteralUnwieldyTests
{
    [Fact]
    public Task Whitespace_ReportsCache021() => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"user report:<id>\", Ttl = 600)]", "int id", "int id"),
        Verifier.Diagnostic("CACHE021").WithSpan(13, 19, 13, 37).WithArguments(
            "user report:<id>", "has whitespace in its literal text; redis-cli, MONITOR and SCAN patterns then need quoting, so use ':' or '-' instead"));

    [Fact]
    public Task ControlCharacter_ReportsCache021() => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = {|CACHE021:\"report:\\u0007<id>\"|}, Ttl = 600)]", "int id", "int id"));

    [Fact]
    public Task LongLiteral_ReportsCache021() => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = {|CACHE021:\"" + new string('r', 250) + ":<id>:" + new string('s', 10) + "\"|}, Ttl = 600)]", "int id", "int id"));

    [Fact]
    public Task LongTypePrefix_CountsToo() => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = {|CACHE021:\"report:<id>\"|}, Ttl = 600)]", "int id", "int id", typeAttributes: "[CacheDefaults(KeyPrefix = \"" + new string('p', 250) + "\")]"));

    [Theory]
    [InlineData("report:<id>")]
    [InlineData("{tenant}:report/<id>")]
    [InlineData("report-v2:<id>")]
    public Task ShortPrintableKey_IsQuiet(string key) => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"" + key + "\", Ttl = 600)]", "int id", "int id"));
}
