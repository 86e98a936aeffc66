using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Demo.Shop;
using Spectre.Console;

namespace Demo.Reporting;

/// <summary>
/// After the read workload, a short tour of the write side, each step checked against the counts of core calls:
/// write-through, tag invalidation, a batch read and an invalidation companion.
/// </summary>
public static class WritesTour
{
    public static async Task RunAsync(IAnsiConsole console, CatalogRepository repository, CancellationToken ct)
    {
        var table = new Table().Title("Writes and invalidation (each step's database reads)").AddColumns("Step", "Generated from", "Result", "DB reads");
        void Row(string step, string attribute, string result, int reads)
            => table.AddRow(Markup.Escape(step), Markup.Escape(attribute), Markup.Escape(result), reads.ToString(CultureInfo.InvariantCulture));
        int Reads() => repository.ProductLoads + repository.CategoryLoads;

        // Write-through: the new price is cached by the write itself, so the next read is a hit.
        var before = (await repository.GetProductAsync(7, ct))!;
        var reads = Reads();
        var newPrice = before.Price + 1.25m;
        await repository.SetPriceAsync(7, newPrice, ct);
        var after = (await repository.GetProductAsync(7, ct))!;
        Row("SetPriceAsync(7), then GetProductAsync(7)", "[WriteThrough]", $"price {before.Price} -> {after.Price} from the cache", Reads() - reads);

        // Tag invalidation: every cached page of one category misses once, other categories keep hitting.
        var page0 = new CategoryQuery(1, 0);
        var page1 = new CategoryQuery(1, 1);
        var otherCategory = new CategoryQuery(2, 0);
        foreach (var query in new[] { page0, page1, otherCategory })
        {
            await repository.GetCategoryPageAsync(query, ct);
        }

        reads = Reads();
        var changed = await repository.RepriceCategoryAsync(1, 1.10m, ct);
        foreach (var query in new[] { page0, page1, otherCategory })
        {
            await repository.GetCategoryPageAsync(query, ct);
        }

        Row($"RepriceCategoryAsync(1) ({changed} rows), then 2 pages of category 1 and 1 of category 2", "[InvalidatesTag(\"category:<categoryId>\")]",
            "category 1 reloaded, category 2 still cached", Reads() - reads);

        // A batch: one round trip for 100 ids, the core called for the misses only.
        reads = Reads();
        var batch = await repository.GetProductsAsync(Enumerable.Range(1, 100), ct);
        var misses = Reads() - reads;
        Row("GetProductsAsync(1..100)", "[CachedBatch]", $"{batch.Count} products, {100 - misses} already cached", misses);

        // A companion: invalidate one entry; the next read goes to the database.
        await repository.InvalidateProductAsync(7, ct);
        reads = Reads();
        var lookup = await repository.TryGetProductAsync(7, ct);
        await repository.GetProductAsync(7, ct);
        Row("InvalidateProductAsync(7), TryGetProductAsync(7), GetProductAsync(7)", "companions of [Cached]", $"TryGet: {lookup.Status}; the read reloaded it", Reads() - reads);

        console.Write(table);
    }
}
