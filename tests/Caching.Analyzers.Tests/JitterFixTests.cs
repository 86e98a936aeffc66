using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE010's jitter fix: a Jitter not below the TTL becomes a tenth of it.</summary>
public sealed class JitterFixTests
{
    private const string Repository = """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        DEFAULTS
        public partial class UserRepository(ICacheStore cache)
        {
            private const int Minute = 60;

            [ATTRIBUTE]
            public partial Task<string?> {|CS8795:GetNameAsync|}(int id);

            private Task<string?> GetNameCoreAsync(int id) => Task.FromResult<string?>(null);
        }
        """;

    [Theory]
    [InlineData("Cached(Key = \"name:<id>\", Ttl = 60, Jitter = {|CACHE010:60|})", "Cached(Key = \"name:<id>\", Ttl = 60, Jitter = 6)", "")]
    [InlineData("Cached(Key = \"name:<id>\", Ttl = 600, Jitter = {|CACHE010:900|})", "Cached(Key = \"name:<id>\", Ttl = 600, Jitter = 60)", "")]
    [InlineData("Cached(Key = \"name:<id>\", Jitter = {|CACHE010:Minute * 10|}, Ttl = 600)", "Cached(Key = \"name:<id>\", Jitter = 60, Ttl = 600)", "")]
    [InlineData("Cached(Key = \"name:<id>\", Ttl = 5, Jitter = {|CACHE010:5|})", "Cached(Key = \"name:<id>\", Ttl = 5, Jitter = 0)", "")]
    [InlineData("Cached(Key = \"name:<id>\", Jitter = {|CACHE010:900|})", "Cached(Key = \"name:<id>\", Jitter = 90)", "[CacheDefaults(Ttl = 900)]")]
    public Task Fix_SetsJitterToATenthOfTheTtl(string attribute, string fixedAttribute, string defaults) => Verifier.CodeFixAsync<JitterCodeFixProvider>(
        Source(attribute, defaults),
        Source(fixedAttribute, defaults));

    [Theory]
    [InlineData("Cached(Key = \"name:<id>\", Ttl = 600, Jitter = {|CACHE010:-5|})", "")] // negative: no TTL to take a tenth of
    [InlineData("Cached(Key = \"name:<id>\", Ttl = {|CACHE010:30|})", "[CacheDefaults(Ttl = 600, Jitter = 60)]")] // the type's jitter
    [InlineData("{|CACHE010:Cached(Key = \"name:<id>\", Jitter = 10)|}", "[CacheDefaults(Ttl = -1)]")] // a negative TTL from the type
    [InlineData("Cached(Key = \"name:<id>\", Ttl = {|CACHE010:-60|}, Jitter = 100)", "")] // the TTL is what is wrong
    public Task Fix_IsNotOfferedForOtherProblems(string attribute, string defaults)
    {
        var source = Source(attribute, defaults);
        return Verifier.CodeFixAsync<JitterCodeFixProvider>(source, source);
    }

    [Fact]
    public Task FixAll_SetsEveryJitter() => Verifier.FixAllAsync<JitterCodeFixProvider>(
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Prices(ICacheStore cache)
        {
            [Cached(Key = "price:<sku>", Ttl = 60, Jitter = {|CACHE010:60|})]
            public partial Task<decimal> {|CS8795:GetPriceAsync|}(string sku);

            [Cached(Key = "stock:<sku>", Ttl = 300, Jitter = {|CACHE010:600|})]
            public partial Task<int> {|CS8795:GetStockAsync|}(string sku);

            [CachedBatch(Key = "price:<sku>", Ttl = 120, Jitter = {|CACHE010:120|})]
            public partial Task<System.Collections.Generic.IReadOnlyDictionary<string, decimal>> {|CS8795:GetPricesAsync|}(System.Collections.Generic.IReadOnlyList<string> skus);

            private Task<decimal> GetPriceCoreAsync(string sku) => Task.FromResult(0m);

            private Task<int> GetStockCoreAsync(string sku) => Task.FromResult(0);

            private Task<System.Collections.Generic.IReadOnlyDictionary<string, decimal>> GetPricesCoreAsync(System.Collections.Generic.IReadOnlyList<string> skus)
                => Task.FromResult<System.Collections.Generic.IReadOnlyDictionary<string, decimal>>(new System.Collections.Generic.Dictionary<string, decimal>());
        }
        """,
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Prices(ICacheStore cache)
        {
            [Cached(Key = "price:<sku>", Ttl = 60, Jitter = 6)]
            public partial Task<decimal> {|CS8795:GetPriceAsync|}(string sku);

            [Cached(Key = "stock:<sku>", Ttl = 300, Jitter = 30)]
            public partial Task<int> {|CS8795:GetStockAsync|}(string sku);

            [CachedBatch(Key = "price:<sku>", Ttl = 120, Jitter = 12)]
            public partial Task<System.Collections.Generic.IReadOnlyDictionary<string, decimal>> {|CS8795:GetPricesAsync|}(System.Collections.Generic.IReadOnlyList<string> skus);

            private Task<decimal> GetPriceCoreAsync(string sku) => Task.FromResult(0m);

            private Task<int> GetStockCoreAsync(string sku) => Task.FromResult(0);

            private Task<System.Collections.Generic.IReadOnlyDictionary<string, decimal>> GetPricesCoreAsync(System.Collections.Generic.IReadOnlyList<string> skus)
                => Task.FromResult<System.Collections.Generic.IReadOnlyDictionary<string, decimal>>(new System.Collections.Generic.Dictionary<string, decimal>());
        }
        """);

    private static string Source(string attribute, string defaults)
        => Repository.Replace("ATTRIBUTE", attribute).Replace("DEFAULTS", defaults);
}
