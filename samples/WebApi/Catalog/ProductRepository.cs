using Caching;

namespace WebApi.Catalog;

/// <summary>
/// The cached reads and the writes that invalidate them. The generator writes the bodies of the partial methods:
/// cache-aside over Redis for <c>[Cached]</c>, and "database first, then invalidate" for the writes.
/// </summary>
[CacheDefaults(KeyPrefix = "catalog", Ttl = 300, Jitter = 30)]
public sealed partial class ProductRepository(ICacheStore cache, CatalogDatabase db)
{
    /// <summary>One product; a miss reads SQLite.</summary>
    [Cached(Key = "product:<id>")]
    public partial Task<Product?> GetProductAsync(int id, CancellationToken ct = default);

    private Task<Product?> GetProductCoreAsync(int id, CancellationToken ct) => db.FindAsync(id, ct);

    /// <summary>A category's products, tagged with the category so a bulk reprice invalidates it in one command.</summary>
    [Cached(Key = "category:<categoryId>", Ttl = 120, Jitter = 10, Tags = ["category:<categoryId>"])]
    public partial Task<CategoryListing> GetCategoryAsync(int categoryId, CancellationToken ct = default);

    private Task<CategoryListing> GetCategoryCoreAsync(int categoryId, CancellationToken ct) => db.ListCategoryAsync(categoryId, ct);

    /// <summary>Changes a price in the database, then invalidates the product's entry (in Redis and in every process).</summary>
    [Invalidates(Key = "product:<id>")]
    public partial Task<bool> SetPriceAsync(int id, decimal price, CancellationToken ct = default);

    private Task<bool> SetPriceCoreAsync(int id, decimal price, CancellationToken ct) => db.SetPriceAsync(id, price, ct);

    /// <summary>Reprices a whole category, then invalidates every entry tagged with it.</summary>
    [InvalidatesTag("category:<categoryId>")]
    public partial Task<int> RepriceCategoryAsync(int categoryId, decimal factor, CancellationToken ct = default);

    private Task<int> RepriceCategoryCoreAsync(int categoryId, decimal factor, CancellationToken ct) => db.RepriceCategoryAsync(categoryId, factor, ct);
}
