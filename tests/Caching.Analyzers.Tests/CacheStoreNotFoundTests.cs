using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE018: no ICacheStore is reachable, or several are and none is marked [CacheStore].</summary>
public sealed class CacheStoreNotFoundTests
{
    [Fact]
    public Task NoStore_ReportsCache018AtTheMethodName() => Verifier.AnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Stats
        {
            [Cached(Key = "count:<id>", Ttl = 60)]
            public partial Task<int> {|CS8795:CountAsync|}(int id);

            private Task<int> CountCoreAsync(int id) => Task.FromResult(id);
        }
        """,
        Verifier.Diagnostic("CACHE018").WithSpan(9, 30, 9, 40)
            .WithArguments("Stats", "has no field, property or primary-constructor parameter of type 'Caching.ICacheStore'; add one"));

    [Fact]
    public Task TwoStoresAndNoMark_ReportsCache018NamingThem() => Verifier.AnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Stats(ICacheStore primary, ICacheStore secondary)
        {
            private readonly ICacheStore _primary = primary;
            private readonly ICacheStore _secondary = secondary;

            [Cached(Key = "count:<id>", Ttl = 60)]
            public partial Task<int> {|CS8795:CountAsync|}(int id);

            private Task<int> CountCoreAsync(int id) => Task.FromResult(id);
        }
        """,
        Verifier.Diagnostic("CACHE018").WithSpan(12, 30, 12, 40)
            .WithArguments("Stats", "has several members of type 'Caching.ICacheStore' (_primary, _secondary); mark the one to use with [CacheStore]"));

    [Fact]
    public Task StaticMethodWithAnInstanceStore_ReportsCache018() => Verifier.AnalyzerAsync("""
        using Caching;

        namespace App;

        public partial class Prices(ICacheStore cache)
        {
            [Cached(Key = "price:<sku>", Ttl = 60)]
            public static partial {|CACHE025:decimal|} {|CS8795:{|CACHE018:GetPrice|}|}(string sku);

            private static decimal GetPriceCore(string sku) => 1m;
        }
        """);

    [Fact]
    public Task PrivateStoreOfABaseClass_IsNotReachable() => Verifier.AnalyzerAsync("""
        using Caching;

        namespace App;

        public abstract class ServiceBase
        {
            private readonly ICacheStore? _cache;
        }

        public partial class Prices : ServiceBase
        {
            [Cached(Key = "price:<sku>", Ttl = 60)]
            public partial {|CACHE025:decimal|} {|CS8795:{|CACHE018:GetPrice|}|}(string sku);

            private decimal GetPriceCore(string sku) => 1m;
        }
        """);

    [Fact]
    public Task ReachableStores_AreQuiet() => Verifier.AnalyzerAsync("""
        using Caching;

        namespace App;

        public abstract class ServiceBase(ICacheStore cache)
        {
            protected ICacheStore Cache { get; } = cache;
        }

        // An inherited protected property.
        public partial class Prices(ICacheStore cache) : ServiceBase(cache)
        {
            [Cached(Key = "price:<sku>", Ttl = 60)]
            public partial {|CACHE025:decimal|} GetPrice(string sku);

            private decimal GetPriceCore(string sku) => 1m;
        }

        // Two stores, one marked.
        public partial class Rates(ICacheStore local, ICacheStore shared)
        {
            private readonly ICacheStore _local = local;

            [CacheStore]
            private readonly ICacheStore _shared = shared;

            [Cached(Key = "rate:<code>", Ttl = 60)]
            public partial {|CACHE025:decimal|} GetRate(string code);

            private decimal GetRateCore(string code) => 1m;
        }

        // A static method with a static store.
        public static partial class Taxes
        {
            public static ICacheStore Store { get; set; } = null!;

            [Cached(Key = "tax:<region>", Ttl = 60)]
            public static partial {|CACHE025:decimal|} GetTax(string region);

            private static decimal GetTaxCore(string region) => 0.2m;
        }

        // Stand-in for the generator's output, which these tests do not run.
        partial class Prices
        {
            public partial decimal GetPrice(string sku) => GetPriceCore(sku);
        }

        partial class Rates
        {
            public partial decimal GetRate(string code) => GetRateCore(code);
        }

        static partial class Taxes
        {
            public static partial decimal GetTax(string region) => GetTaxCore(region);
        }
        """);
}
