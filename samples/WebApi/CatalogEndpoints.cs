using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using WebApi.Catalog;

namespace WebApi;

/// <summary>
/// The catalogue's HTTP endpoints. Reads answer with <c>X-Database-Reads</c>, the database's read count after the
/// request, so a client can see that a hit did not reach SQLite and that a write's invalidation made the next read a
/// miss.
/// </summary>
internal static class CatalogEndpoints
{
    public const string ReadHeader = "X-Database-Reads";

    /// <summary>The output-cache tag of the category summaries, evicted when a category is repriced.</summary>
    public const string SummaryTag = "category-summaries";

    /// <summary>The rate-limiting policy of <c>GET /quotes/{id}</c> (Program.cs).</summary>
    public const string QuotePolicy = "quotes";

    public static void MapCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/products/{id:int}", async (int id, ProductRepository products, CatalogDatabase db, HttpContext http, CancellationToken ct) =>
        {
            var product = await products.GetProductAsync(id, ct);
            CountReads(http, db);
            return product is null ? Results.NotFound() : Results.Ok(product);
        });

        // A price quote for partners, rate limited per client across every instance of the API.
        app.MapGet("/quotes/{id:int}", async (int id, ProductRepository products, CancellationToken ct) =>
        {
            var product = await products.GetProductAsync(id, ct);
            return product is null ? Results.NotFound() : Results.Ok(new Quote(product.Id, product.Price, DateTimeOffset.UtcNow));
        }).RequireRateLimiting(QuotePolicy);

        app.MapPut("/products/{id:int}/price", async (int id, PriceChange change, ProductRepository products, CancellationToken ct) =>
        {
            if (change.Price <= 0)
            {
                return Results.BadRequest("The price must be positive.");
            }

            return await products.SetPriceAsync(id, change.Price, ct) ? Results.NoContent() : Results.NotFound();
        });

        app.MapGet("/categories/{id:int}/products", async (int id, ProductRepository products, CatalogDatabase db, HttpContext http, CancellationToken ct) =>
        {
            var listing = await products.GetCategoryAsync(id, ct);
            CountReads(http, db);
            return Results.Ok(listing);
        });

        // A whole response kept by ASP.NET Core's output caching, in Redis; a reprice evicts it by tag.
        app.MapGet("/categories/{id:int}/summary", async (int id, ProductRepository products, CancellationToken ct) =>
        {
            var listing = await products.GetCategoryAsync(id, ct);
            return Results.Ok(new CategorySummary(id, listing.Products.Count, listing.Products.Sum(p => p.Price), DateTimeOffset.UtcNow));
        }).CacheOutput(policy => policy.Expire(TimeSpan.FromSeconds(60)).Tag(SummaryTag));

        app.MapPost("/categories/{id:int}/reprice", async (int id, decimal factor, ProductRepository products, IOutputCacheStore responses, CancellationToken ct) =>
        {
            if (factor <= 0)
            {
                return Results.BadRequest("The factor must be positive.");
            }

            var updated = await products.RepriceCategoryAsync(id, factor, ct);
            await responses.EvictByTagAsync(SummaryTag, ct);
            return Results.Ok(new RepriceResult(id, updated));
        });
    }

    private static void CountReads(HttpContext http, CatalogDatabase db)
        => http.Response.Headers[ReadHeader] = db.Reads.ToString(CultureInfo.InvariantCulture);
}
