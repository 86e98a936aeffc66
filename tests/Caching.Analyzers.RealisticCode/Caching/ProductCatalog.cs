using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Caching;

namespace RealisticCode.Caching;

/// <summary>
/// The product catalogue: hot products also in process memory (L1), pages of a category tagged by category, many
/// products in one round trip, and fail-safe so a slow database serves the last known price.
/// </summary>
[CacheDefaults(KeyPrefix = "shop", Ttl = 300, Jitter = 30)]
public sealed partial class ProductCatalog(ICacheStore cache, IProductDatabase db)
{
    [Cached(Key = "product:<id>", LocalTtl = 30, FailSafe = 3600, SoftTimeout = 100, Tags = ["products"])]
    public partial Task<Product?> GetProductAsync(int id, CancellationToken ct = default);

    private Task<Product?> GetProductCoreAsync(int id, CancellationToken ct) => db.FindAsync(id, ct);

    [CachedBatch(Key = "product:<id>", Tags = ["products"])]
    public partial Task<IReadOnlyDictionary<int, Product?>> GetProductsAsync(IEnumerable<int> ids, CancellationToken ct = default);

    private Task<IReadOnlyDictionary<int, Product?>> GetProductsCoreAsync(IReadOnlyList<int> ids, CancellationToken ct)
        => db.FindManyAsync(ids, ct);

    [Cached(Key = "category:<query.CategoryId>:page:<query.Page>", Ttl = 120, Jitter = 10, RefreshAhead = 0.8,
        Tags = ["category:<query.CategoryId>"])]
    public partial ValueTask<CategoryPage> GetCategoryPageAsync(CategoryQuery query, CancellationToken ct = default);

    private async ValueTask<CategoryPage> GetCategoryPageCoreAsync(CategoryQuery query, CancellationToken ct)
        => await db.ListCategoryAsync(query.CategoryId, query.Page, ct);

    [WriteThrough(Key = "product:<id>")]
    public partial Task<Product?> SetPriceAsync(int id, decimal price, CancellationToken ct = default);

    private Task<Product?> SetPriceCoreAsync(int id, decimal price, CancellationToken ct) => db.UpdatePriceAsync(id, price, ct);

    /// <summary>After the database update, every cached page of the category and every product misses.</summary>
    [InvalidatesTag("category:<categoryId>")]
    [InvalidatesTag("products")]
    public partial Task<int> RepriceCategoryAsync(int categoryId, decimal factor, CancellationToken ct = default);

    private Task<int> RepriceCategoryCoreAsync(int categoryId, decimal factor, CancellationToken ct)
        => db.RepriceCategoryAsync(categoryId, factor, ct);
}
