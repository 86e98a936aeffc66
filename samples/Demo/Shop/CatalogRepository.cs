using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Caching;

namespace Demo.Shop;

/// <summary>
/// The repository the app talks to. Each <c>[Cached]</c> method is a partial declaration: the Caching.Generators
/// source generator writes its body (build the key, read Redis, on a miss call the core and store the result).
/// The core methods do the real work against the database and count their calls: every core call is a miss.
/// </summary>
[CacheDefaults(KeyPrefix = "demo", Ttl = 600, Jitter = 60)]
public sealed partial class CatalogRepository(ICacheStore cache, ShopDatabase db)
{
    private int _productLoads;
    private int _categoryLoads;
    private int _salesLoads;

    public int ProductLoads => Volatile.Read(ref _productLoads);

    public int CategoryLoads => Volatile.Read(ref _categoryLoads);

    public int SalesLoads => Volatile.Read(ref _salesLoads);

    /// <summary>The product page: Task&lt;T&gt;, a JSON record through <see cref="DemoJson"/>.</summary>
    [Cached(Key = "product:<id>", Ttl = 300, Jitter = 30)]
    public partial Task<Product?> GetProductAsync(int id, CancellationToken ct = default);

    private Task<Product?> GetProductCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _productLoads);
        return db.FindProductAsync(id, ct);
    }

    /// <summary>A category listing page: ValueTask&lt;T&gt;, with the key built from the query's properties, tagged by category.</summary>
    [Cached(Key = "category:<query.CategoryId>:page:<query.Page>", Ttl = 120, Jitter = 10, Tags = ["category:<query.CategoryId>"])]
    public partial ValueTask<CategoryPage> GetCategoryPageAsync(CategoryQuery query, CancellationToken ct = default);

    private async ValueTask<CategoryPage> GetCategoryPageCoreAsync(CategoryQuery query, CancellationToken ct)
    {
        Interlocked.Increment(ref _categoryLoads);
        return await db.ListCategoryAsync(query, ct);
    }

    /// <summary>A day's sales report: synchronous, with a formatted date hole; TTL and jitter from [CacheDefaults].</summary>
    [Cached(Key = "sales:<day:yyyy-MM-dd>")]
    public partial DailySales GetDailySales(DateOnly day);

    private DailySales GetDailySalesCore(DateOnly day)
    {
        Interlocked.Increment(ref _salesLoads);
        return db.SalesOfDay(day);
    }

    /// <summary>Many product pages at once: one Redis round trip, the core called once with the misses only.</summary>
    [CachedBatch(Key = "product:<id>", Ttl = 300, Jitter = 30)]
    public partial Task<IReadOnlyDictionary<int, Product?>> GetProductsAsync(IEnumerable<int> ids, CancellationToken ct = default);

    private async Task<IReadOnlyDictionary<int, Product?>> GetProductsCoreAsync(IReadOnlyList<int> ids, CancellationToken ct)
    {
        var found = new Dictionary<int, Product?>(ids.Count);
        foreach (var id in ids)
        {
            found[id] = await GetProductCoreAsync(id, ct);
        }

        return found;
    }

    /// <summary>Write-through: the database first, then the product page it returns is stored under its key.</summary>
    [WriteThrough(Key = "product:<id>", Ttl = 300, Jitter = 30)]
    public partial Task<Product?> SetPriceAsync(int id, decimal price, CancellationToken ct = default);

    private async Task<Product?> SetPriceCoreAsync(int id, decimal price, CancellationToken ct)
        => await db.UpdatePriceAsync(id, price, ct) ? await db.FindProductAsync(id, ct) : null;

    /// <summary>After the database update, every cached page of the category misses: one Redis command.</summary>
    [InvalidatesTag("category:<categoryId>")]
    public partial Task<int> RepriceCategoryAsync(int categoryId, decimal factor, CancellationToken ct = default);

    private Task<int> RepriceCategoryCoreAsync(int categoryId, decimal factor, CancellationToken ct) => db.RepriceCategoryAsync(categoryId, factor, ct);
}
