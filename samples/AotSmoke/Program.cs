using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Caching;
using StackExchange.Redis;

namespace AotSmoke;

/// <summary>A cached type stored as JSON through the source-generated context below.</summary>
public sealed record Product(int Id, string Name, decimal Price);

/// <summary>A flat type stored as a Redis hash (Layout = Hash): a generated mapper, no reflection.</summary>
public sealed record Card(int Id, string Name, DateTimeOffset Joined);

[JsonSerializable(typeof(Product))]
internal sealed partial class SmokeJson : JsonSerializerContext;

/// <summary>Every generated shape in one Native AOT binary: reads, batches, companions, writes, tags, write-behind.</summary>
[CacheDefaults(KeyPrefix = "smoke", Ttl = 60, Jitter = 5)]
public sealed partial class ProductRepository(ICacheStore cache)
{
    private readonly Dictionary<int, Product> _rows = new();

    public int CoreCalls;

    public int Writes;

    [Cached(Key = "product:<id>", Tags = ["products"])]
    public partial Task<Product?> GetProductAsync(int id, CancellationToken ct = default);

    private Task<Product?> GetProductCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref CoreCalls);
        lock (_rows)
        {
            return Task.FromResult(_rows.TryGetValue(id, out var row) ? row : new Product(id, "Widget " + id, 9.99m))!;
        }
    }

    [CachedBatch(Key = "product:<id>", Tags = ["products"])]
    public partial Task<IReadOnlyDictionary<int, Product?>> GetProductsAsync(IEnumerable<int> ids);

    private async Task<IReadOnlyDictionary<int, Product?>> GetProductsCoreAsync(IReadOnlyList<int> ids)
    {
        var found = new Dictionary<int, Product?>();
        foreach (var id in ids)
        {
            found[id] = await GetProductCoreAsync(id, default);
        }

        return found;
    }

    [WriteThrough(Key = "product:<product.Id>", Tags = ["products"])]
    public partial Task SaveProductAsync(Product product);

    private Task SaveProductCoreAsync(Product product)
    {
        Interlocked.Increment(ref Writes);
        lock (_rows)
        {
            _rows[product.Id] = product;
        }

        return Task.CompletedTask;
    }

    [WriteBehind(Key = "product:<product.Id>", Tags = ["products"])]
    public partial Task SaveProductLaterAsync(Product product);

    private Task SaveProductLaterCoreAsync(Product product) => SaveProductCoreAsync(product);

    public int PriceCalls;

    /// <summary>L1 in front of Redis, fail-safe with a soft timeout, refresh-ahead: the resilience shapes.</summary>
    [Cached(Key = "price:<id>", LocalTtl = 30, FailSafe = 600, SoftTimeout = 100, RefreshAhead = 0.8)]
    public partial ValueTask<decimal> GetPriceAsync(int id, CancellationToken ct = default);

    private ValueTask<decimal> GetPriceCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref PriceCalls);
        return new ValueTask<decimal>(id * 1.5m);
    }

    [Invalidates(Key = "price:<id>")]
    public partial Task ResetPriceAsync(int id);

    private Task ResetPriceCoreAsync(int id) => Task.CompletedTask;

    public int CardCalls;

    /// <summary>The storage options: a hash per value, with a generated single-field read, and LZ4 compression.</summary>
    [Cached(Key = "card:<id>", Layout = CacheLayout.Hash)]
    public partial Task<Card?> GetCardAsync(int id);

    private Task<Card?> GetCardCoreAsync(int id)
    {
        Interlocked.Increment(ref CardCalls);
        return Task.FromResult<Card?>(new Card(id, "Card " + id, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
    }

    [Cached(Key = "notes:<id>", CompressAbove = 256)]
    public partial Task<string> GetNotesAsync(int id);

    private Task<string> GetNotesCoreAsync(int id) => Task.FromResult(string.Concat(Enumerable.Repeat("note " + id + "; ", 200)));

    [InvalidatesTag("products")]
    public partial Task RepriceAllAsync(decimal factor);

    private Task RepriceAllCoreAsync(decimal factor) => Task.CompletedTask;
}

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var connection = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("REDIS_URL") ?? "127.0.0.1:6379";
        using var redis = await ConnectionMultiplexer.ConnectAsync(connection + ",abortConnect=false");
        var store = new RedisCacheStore(redis, new RedisCacheStoreOptions { KeyPrefix = "aot-" + Guid.NewGuid().ToString("N")[..8] });
        var repository = new ProductRepository(store);
        var failures = new List<string>();
        void Check(bool ok, string what)
        {
            Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
            if (!ok)
            {
                failures.Add(what);
            }
        }

        var first = await repository.GetProductAsync(42);
        Console.WriteLine($"first call:  {(repository.CoreCalls == 1 ? "miss" : "hit")} -> {first}");
        var second = await repository.GetProductAsync(42);
        Console.WriteLine($"second call: {(repository.CoreCalls == 1 ? "hit" : "miss")} -> {second}");
        Check(repository.CoreCalls == 1 && first == second, "cache-aside: one core call, then a hit");

        var batch = await repository.GetProductsAsync([41, 42, 43]);
        Check(batch.Count == 3 && repository.CoreCalls == 3, "batch: the core loads the two misses only");

        await repository.SaveProductAsync(new Product(42, "Renamed", 1m));
        Check((await repository.TryGetProductAsync(42)).Value?.Name == "Renamed", "write-through: the new value is cached");

        await repository.RepriceAllAsync(2m);
        Check(!(await repository.TryGetProductAsync(41)).IsHit, "tag invalidation: every tagged entry misses");

        Check(await repository.WarmProductAsync([1, 2, 3]) == 3, "warm: three entries stored");

        await using (var worker = new WriteBehindWorker(store, ProductRepository.WriteBehindHandlers(repository), new WriteBehindWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(20) }))
        {
            await worker.StartAsync(default);
            var writesBefore = repository.Writes;
            await repository.SaveProductLaterAsync(new Product(7, "Later", 2m));
            Check((await repository.TryGetProductAsync(7)).Value?.Name == "Later", "write-behind: the value is cached at once");
            await worker.StopAsync(default);
            Check(repository.Writes == writesBefore + 1, "write-behind: the worker ran the queued core (dispatch table, no reflection)");
        }

        // L1: its first use subscribes the store to invalidations; once that is up, a hit is served from memory.
        await repository.GetPriceAsync(5);
        for (var i = 0; i < 500 && !store.LocalReady; i++)
        {
            await Task.Delay(10);
        }

        await repository.GetPriceAsync(5);
        // Deleted behind the store's back (no invalidation published): only L1 can still answer without the core.
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: store.KeyPrefix + "smoke:price:*"))
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
        }

        var pricesBefore = repository.PriceCalls;
        var price = await repository.GetPriceAsync(5);
        Check(store.LocalReady && price == 7.5m && repository.PriceCalls == pricesBefore, "L1: a hit from process memory");
        await repository.ResetPriceAsync(5);
        await repository.GetPriceAsync(5);
        Check(repository.PriceCalls == pricesBefore + 1, "L1: an invalidation evicts it, the next call reloads");

        var card = await repository.GetCardAsync(5);
        Check(card == await repository.GetCardAsync(5) && repository.CardCalls == 1, "hash layout: one core call, then a hit");
        Check((await repository.GetCardNameAsync(5)).Value == "Card 5", "hash layout: the generated single-field read");
        var notes = await repository.GetNotesAsync(9);
        byte[]? stored = null;
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: store.KeyPrefix + "smoke:notes:9#*"))
        {
            stored = (byte[]?)await redis.GetDatabase().StringGetAsync(key);
        }

        Check(notes == await repository.GetNotesAsync(9) && stored is { Length: < 200 } && stored[2] == 16, "compression: an LZ4 entry, read back");

        var ok = failures.Count == 0;
        Console.WriteLine(ok ? "AOT smoke: OK" : "AOT smoke: FAILED: " + string.Join("; ", failures));
        return ok ? 0 : 1;
    }
}
