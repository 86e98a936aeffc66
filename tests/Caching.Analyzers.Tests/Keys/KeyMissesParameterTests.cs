using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Keys;

/// <summary>CACHE008: a parameter the explicit key leaves out, and its two fixes.</summary>
public sealed class KeyMissesParameterTests
{
    [Fact]
    public Task ParameterLeftOut_ReportsCache008AtTheParameter() => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"report:<id>\", Ttl = 600)]", "int id, bool includeDeleted", "int id, bool includeDeleted"),
        Verifier.Diagnostic("CACHE008").WithSpan(14, 49, 14, 68).WithArguments("includeDeleted", "report:<id>"));

    [Fact]
    public Task EveryParameterLeftOut_IsReported() => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"report\", Ttl = 600)]", "{|CACHE008:int id|}, {|CACHE008:string region|}", "int id, string region"));

    [Theory]
    [InlineData("int id, [NotCacheKey] string traceId", "int id, string traceId")]
    [InlineData("int id, CancellationToken cancellationToken", "int id, CancellationToken cancellationToken")]
    [InlineData("int id, IServiceProvider services", "int id, IServiceProvider services")]
    [InlineData("int id, [NotCacheKey] int? timeoutMs = null", "int id, int? timeoutMs")]
    public Task ParameterLeftOutOnPurpose_IsQuiet(string parameters, string coreParameters) => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"report:<id>\", Ttl = 600)]", parameters, coreParameters));

    [Theory]
    [InlineData("[Cached(Ttl = 600)]", "int id, string region")]
    [InlineData("[Cached(Key = \"report:<filter.Id>:<region>\", Ttl = 600)]", "Filter filter, string region")]
    public Task EveryParameterInTheKey_IsQuiet(string attribute, string parameters) => Verifier.AnalyzerAsync(
        KeyRepository.With(attribute, parameters, parameters) + "\npublic sealed record Filter(int Id);\n");

    [Fact]
    public Task ParameterInBraces_IsLeftToCache026() => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = {|CACHE026:\"report:{id}\"|}, Ttl = 600)]", "int id", "int id"));

    [Theory]
    [InlineData("\"report:<id>\"", "\"report:<id>:<region>\"")]
    [InlineData("@\"report:<id>\"", "@\"report:<id>:<region>\"")]
    public Task Fix_AddsTheParameterToTheKey(string key, string fixedKey) => Verifier.CodeFixAsync<ParameterLeftOutCodeFixProvider>(
        KeyRepository.With("[Cached(Key = " + key + ", Ttl = 600)]", "int id, {|CACHE008:string region|}", "int id, string region"),
        KeyRepository.With("[Cached(Key = " + fixedKey + ", Ttl = 600)]", "int id, string region", "int id, string region"),
        "AddParameterToKey");

    [Fact]
    public Task Fix_MarksTheParameterNotCacheKey() => Verifier.CodeFixAsync<ParameterLeftOutCodeFixProvider>(
        KeyRepository.With("[Cached(Key = \"report:<id>\", Ttl = 600)]", "int id, {|CACHE008:string region|}", "int id, string region"),
        KeyRepository.With("[Cached(Key = \"report:<id>\", Ttl = 600)]", "int id, [NotCacheKey] string region", "int id, string region"),
        "MarkNotCacheKey");

    [Fact]
    public Task FixAll_MarksEveryParameterNotCacheKey() => Verifier.CodeFixAsync<ParameterLeftOutCodeFixProvider>(
        KeyRepository.With("[Cached(Key = \"report\", Ttl = 600)]", "{|CACHE008:int id|}, {|CACHE008:string region|}", "int id, string region"),
        KeyRepository.With("[Cached(Key = \"report\", Ttl = 600)]", "[NotCacheKey] int id, [NotCacheKey] string region", "int id, string region"),
        "MarkNotCacheKey");
}
