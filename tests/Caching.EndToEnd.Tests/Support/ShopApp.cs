using System;
using System.Reflection;

namespace Caching.EndToEnd.Tests.Support;

/// <summary>The user's code, as they would write it, compiled once with the generators and loaded.</summary>
internal static class ShopApp
{
    public const string Source = """
        using System;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;
        using Caching.EndToEnd.Tests.Support;

        namespace Shop;

        [JsonSerializable(typeof(Product))]
        [JsonSerializable(typeof(Product[]))]
        internal partial class ShopJson : JsonSerializerContext;

        [CacheDefaults(KeyPrefix = "shop")]
        public partial class ProductRepository(ICacheStore cache, ProductDb db) : IProductRepository
        {
            [Cached(Key = "product:<id>", Ttl = 600, Jitter = 60)]
            public partial Task<Product?> GetProductAsync(int id, CancellationToken ct = default);
            private Task<Product?> GetProductCoreAsync(int id, CancellationToken ct) => db.FindAsync(id, ct);

            [Cached(Key = "count:<category>:<day:yyyy-MM-dd>", Ttl = 120, Jitter = 0)]
            public partial ValueTask<int> CountAsync(string category, DateTime day, CancellationToken ct = default);
            private ValueTask<int> CountCoreAsync(string category, DateTime day, CancellationToken ct) => db.CountAsync(category, day);

            [Cached(Key = "name:<id>", Ttl = 30, Jitter = 3)]
            public partial string? GetName(int id);
            private string? GetNameCore(int id) => db.Name(id);

            [Cached(Key = "{owner:<query.OwnerId>}:orders:<query.Page>", Ttl = 60, Jitter = 6)]
            public partial Task<Product[]> ListAsync(OrderQuery query, CancellationToken ct = default);
            private Task<Product[]> ListCoreAsync(OrderQuery query, CancellationToken ct) => db.ListAsync(query);

            // No Ttl here or on the type: the store's DefaultTtl and DefaultJitter apply.
            [Cached(Key = "label:<id>")]
            public partial Task<string?> GetLabelAsync(int id);
            private Task<string?> GetLabelCoreAsync(int id) => Task.FromResult(db.Name(id));
        }
        """;

    private static readonly Lazy<Assembly> Assembly = new(() => InMemoryApp.Compile(Source, "Shop"));

    public static IProductRepository CreateRepository(ICacheStore store, ProductDb db)
        => InMemoryApp.Create<IProductRepository>(Assembly.Value, "Shop.ProductRepository", store, db);
}
