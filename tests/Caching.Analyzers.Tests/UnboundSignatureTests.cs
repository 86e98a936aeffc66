using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>
/// A method whose types do not bind gets the compiler's error only: no CACHE rule guesses about a type it cannot see
/// (CACHE017 once told a method missing <c>using System.Threading.Tasks;</c> to add
/// <c>[JsonSerializable(typeof(Task&lt;Product&gt;))]</c>).
/// </summary>
public sealed class UnboundSignatureTests
{
    [Fact]
    public Task MissingUsingForTask_OnlyTheCompilersErrors() => Verifier.AnalyzerAsync("""
        using Caching;

        namespace App;

        public sealed record Product(int Id);

        public partial class Products(ICacheStore cache)
        {
            [Cached(Key = "product:<id>", Ttl = 60)]
            public partial {|CS0246:Task<Product?>|} {|CS8795:GetAsync|}(int id);
            private {|CS0246:Task<Product?>|} GetCoreAsync(int id) => throw null!;

            [Invalidates(Key = "product:<id>")]
            public partial {|CS0246:Task|} {|CS8795:DeleteAsync|}(int id);
            private {|CS0246:Task|} DeleteCoreAsync(int id) => throw null!;

            [CachedBatch(Key = "product:<id>", Ttl = 60)]
            public partial {|CS0246:Task<System.Collections.Generic.IReadOnlyDictionary<int, Product>>|} {|CS8795:GetManyAsync|}(System.Collections.Generic.IEnumerable<int> ids);
            private {|CS0246:Task<System.Collections.Generic.IReadOnlyDictionary<int, Product>>|} GetManyCoreAsync(System.Collections.Generic.IReadOnlyList<int> ids) => throw null!;

            [Cached(Key = "price:<sku>", Ttl = 60)]
            public partial decimal {|CS8795:GetPrice|}({|CS0246:Sku|} sku);
            private decimal GetPriceCore({|CS0246:Sku|} sku) => 0;
        }
        """);
}
