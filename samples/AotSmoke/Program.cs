using System;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Caching;
using StackExchange.Redis;

namespace AotSmoke;

/// <summary>A cached type stored as JSON through the source-generated context below.</summary>
public sealed record Product(int Id, string Name, decimal Price);

[JsonSerializable(typeof(Product))]
internal sealed partial class SmokeJson : JsonSerializerContext;

[CacheDefaults(KeyPrefix = "smoke")]
public sealed partial class ProductRepository(ICacheStore cache)
{
    public int CoreCalls;

    [Cached(Key = "product:<id>", Ttl = 60, Jitter = 5)]
    public partial Task<Product?> GetProductAsync(int id, CancellationToken ct = default);

    private Task<Product?> GetProductCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref CoreCalls);
        return Task.FromResult<Product?>(new Product(id, "Widget " + id, 9.99m));
    }
}

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var connection = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("REDIS_URL") ?? "127.0.0.1:6379";
        using var redis = await ConnectionMultiplexer.ConnectAsync(connection + ",abortConnect=false");
        var store = new RedisCacheStore(redis, new RedisCacheStoreOptions { KeyPrefix = "aot-" + Guid.NewGuid().ToString("N")[..8] });
        var repository = new ProductRepository(store);

        var first = await repository.GetProductAsync(42);
        Console.WriteLine($"first call:  {(repository.CoreCalls == 1 ? "miss" : "hit")} -> {first}");
        var second = await repository.GetProductAsync(42);
        Console.WriteLine($"second call: {(repository.CoreCalls == 1 ? "hit" : "miss")} -> {second}");

        var ok = repository.CoreCalls == 1 && first == second;
        Console.WriteLine(ok ? "AOT smoke: OK" : "AOT smoke: FAILED");
        return ok ? 0 : 1;
    }
}
