using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE010 for a negative <c>CompressAbove</c> on [Cached] (below -1) or on the type's [CacheDefaults].</summary>
public sealed class TtlInvalidCompressAboveTests
{
    private const string Repository = """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        DEFAULTS
        public partial class UserRepository(ICacheStore cache)
        {
            [ATTRIBUTE]
            public partial Task<string?> {|CS8795:GetNameAsync|}(int id);

            private Task<string?> GetNameCoreAsync(int id) => Task.FromResult<string?>(null);
        }
        """;

    private static string Source(string attribute, string defaults = "")
        => Repository.Replace("ATTRIBUTE", attribute).Replace("DEFAULTS", defaults);

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult At0(string message)
        => Verifier.Diagnostic("CACHE010").WithLocation(0).WithArguments("GetNameAsync", message);

    [Fact]
    public Task NegativeCompressAbove_ReportsAtTheArgument() => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"name:<id>\", Ttl = 600, CompressAbove = {|#0:-2|})"),
        At0("CompressAbove is -2; it must be a number of bytes, or 0 for no compression (-1 takes the type's)"));

    [Fact]
    public Task NegativeCompressAboveOnTheType_ReportsAtTheAttribute() => Verifier.AnalyzerAsync(
        Source("{|#0:Cached(Key = \"name:<id>\", Ttl = 600)|}", "[CacheDefaults(CompressAbove = -1)]"),
        At0("[CacheDefaults] CompressAbove is -1; it must be a number of bytes, or 0 for no compression"));

    [Theory]
    [InlineData("CompressAbove = 0")]
    [InlineData("CompressAbove = -1")]
    [InlineData("CompressAbove = 1024")]
    public Task ValidCompressAbove_IsQuiet(string setting) => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"name:<id>\", Ttl = 600, " + setting + ")", "[CacheDefaults(CompressAbove = 4096)]"));
}
