using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE010: the time to live is missing or negative, or the jitter is negative or not below it.</summary>
public sealed class TtlInvalidTests
{
    private const string Repository = """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        DEFAULTS
        public partial class UserRepository(ICacheStore cache)
        {
            [ATTRIBUTE]
            public partial Task<string?> NAME(int id);

            private Task<string?> GetNameCoreAsync(int id) => Task.FromResult<string?>(null);
        }
        """;

    private static string Source(string attribute, string defaults = "")
        => Repository.Replace("ATTRIBUTE", attribute).Replace("DEFAULTS", defaults).Replace("NAME", "{|CS8795:GetNameAsync|}");

    [Fact]
    public Task NoTtlAnywhere_IsTheStoresDefault_NotADiagnostic() => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"name:<id>\")"));

    [Fact]
    public Task NoTtlAnywhere_WithItsOwnJitter_IsNotADiagnostic() => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"name:<id>\", Jitter = 5)"));

    [Fact]
    public Task LocalTtlWithTheStoresDefaultTtl_ReportsCache010AtLocalTtl() => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"name:<id>\", LocalTtl = 30)"),
        Verifier.Diagnostic("CACHE010").WithSpan(9, 43, 9, 45).WithArguments("GetNameAsync",
            "LocalTtl (30) needs a Ttl on the method or its type's [CacheDefaults]; with the store's DefaultTtl, known only at run time, L1 could serve values Redis has already expired"));

    [Fact]
    public Task NegativeTtl_ReportsCache010AtTtl() => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"name:<id>\", Ttl = -60)"),
        Verifier.Diagnostic("CACHE010").WithSpan(9, 38, 9, 41).WithArguments("GetNameAsync", "Ttl is -60; it must be a positive number of seconds"));

    [Fact]
    public Task NegativeJitter_ReportsCache010AtJitter() => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"name:<id>\", Ttl = 600, Jitter = {|CACHE010:-5|})"));

    [Fact]
    public Task JitterNotBelowTtl_ReportsCache010AtJitter() => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"name:<id>\", Ttl = 60, Jitter = 60)"),
        Verifier.Diagnostic("CACHE010").WithSpan(9, 51, 9, 53)
            .WithArguments("GetNameAsync", "Jitter (60) must be less than Ttl (60); a tenth of the TTL is usual"));

    [Fact]
    public Task DefaultJitterNotBelowTtl_ReportsCache010AtTtl() => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"name:<id>\", Ttl = {|CACHE010:30|})", "[CacheDefaults(Ttl = 600, Jitter = 60)]"));

    [Fact]
    public Task NegativeDefaultTtl_ReportsCache010AtTheAttribute() => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"name:<id>\")", "[CacheDefaults(Ttl = -1)]"),
        Verifier.Diagnostic("CACHE010").WithSpan(9, 6, 9, 31)
            .WithArguments("GetNameAsync", "[CacheDefaults] Ttl is -1; it must be a positive number of seconds, or 0 for the store's DefaultTtl"));

    [Theory]
    [InlineData("Cached(Key = \"name:<id>\", Ttl = 600)", "")]
    [InlineData("Cached(Key = \"name:<id>\", Ttl = 600, Jitter = 0)", "")]
    [InlineData("Cached(Key = \"name:<id>\", Ttl = 600, Jitter = 599)", "")]
    [InlineData("Cached(Key = \"name:<id>\")", "[CacheDefaults(Ttl = 600, Jitter = 60)]")]
    [InlineData("Cached(Key = \"name:<id>\", Jitter = 5)", "[CacheDefaults(Ttl = 600, Jitter = 60)]")]
    [InlineData("Cached(Key = \"name:<id>\", Ttl = 30, Jitter = 3)", "[CacheDefaults(Ttl = 600, Jitter = 60)]")]
    public Task ValidTtl_IsQuiet(string attribute, string defaults) => Verifier.AnalyzerAsync(
        Repository.Replace("ATTRIBUTE", attribute).Replace("DEFAULTS", defaults).Replace("NAME", "GetNameAsync") + """

            // Stand-in for the generator's output, which these tests do not run.
            partial class UserRepository
            {
                public partial Task<string?> GetNameAsync(int id) => GetNameCoreAsync(id);
            }
            """);
}
