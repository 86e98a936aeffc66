using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Serialization;

namespace Comparisons;

/// <summary>Counts core (loader) calls, so setups can prove hits never load and the stampede mode can count.</summary>
public static class Core
{
    private static int _calls;

    public static int Calls => Volatile.Read(ref _calls);

    public static Product Load(int id)
    {
        Interlocked.Increment(ref _calls);
        return Catalog.Make(id);
    }

    /// <summary>Set by the stampede mode: every load then waits this long (a slow database).</summary>
    public static TimeSpan Delay { get; set; }

    public static async ValueTask<Product> LoadAsync(int id, CancellationToken ct)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, ct).ConfigureAwait(false);
        }

        return Load(id);
    }
}

/// <summary>The code a careful developer writes by hand: GET + deserialize; on a miss load, SET with expiry.</summary>
public sealed class HandWritten(IDatabase db)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    public static string Key(int id) => "hand:product:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask<Product?> GetProductAsync(int id, CancellationToken ct = default)
    {
        var key = Key(id);
        var cached = await db.StringGetAsync(key).ConfigureAwait(false);
        if (!cached.IsNull)
        {
            return JsonSerializer.Deserialize((ReadOnlySpan<byte>)cached, BenchJson.Default.Product);
        }

        var product = await Core.LoadAsync(id, ct).ConfigureAwait(false);
        await db.StringSetAsync(key, JsonSerializer.SerializeToUtf8Bytes(product, BenchJson.Default.Product), Ttl).ConfigureAwait(false);
        return product;
    }

    /// <summary>MGET of every key, then the misses loaded at once and written back in one pipeline of SETs.</summary>
    public async ValueTask<Dictionary<int, Product>> GetProductsAsync(IReadOnlyList<int> ids)
    {
        var keys = new RedisKey[ids.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Key(ids[i]);
        }

        var values = await db.StringGetAsync(keys).ConfigureAwait(false);
        var result = new Dictionary<int, Product>(ids.Count);
        List<Task>? writes = null;
        for (var i = 0; i < values.Length; i++)
        {
            if (!values[i].IsNull)
            {
                result[ids[i]] = JsonSerializer.Deserialize((ReadOnlySpan<byte>)values[i], BenchJson.Default.Product)!;
                continue;
            }

            var product = Core.Load(ids[i]);
            result[ids[i]] = product;
            writes ??= new List<Task>();
            writes.Add(db.StringSetAsync(keys[i], JsonSerializer.SerializeToUtf8Bytes(product, BenchJson.Default.Product), Ttl));
        }

        if (writes is not null)
        {
            await Task.WhenAll(writes).ConfigureAwait(false);
        }

        return result;
    }
}

/// <summary>The generated contender: the generator writes both bodies at build time.</summary>
[CacheDefaults(KeyPrefix = "gen", Ttl = 600, Jitter = 0)]
public sealed partial class GeneratedRepository(ICacheStore cache)
{
    [Cached(Key = "product:<id>")]
    public partial ValueTask<Product?> GetProductAsync(int id, CancellationToken ct = default);

    private async ValueTask<Product?> GetProductCoreAsync(int id, CancellationToken ct) => await Core.LoadAsync(id, ct).ConfigureAwait(false);

    /// <summary>The same method with an L1 in front of Redis: a hit is served from process memory.</summary>
    [Cached(Key = "local:product:<id>", LocalTtl = 600)]
    public partial ValueTask<Product?> GetProductLocalAsync(int id, CancellationToken ct = default);

    private async ValueTask<Product?> GetProductLocalCoreAsync(int id, CancellationToken ct) => await Core.LoadAsync(id, ct).ConfigureAwait(false);

    [CachedBatch(Key = "product:<id>")]
    public partial Task<IReadOnlyDictionary<int, Product>> GetProductsAsync(IEnumerable<int> ids);

    private Task<IReadOnlyDictionary<int, Product>> GetProductsCoreAsync(IReadOnlyList<int> ids)
    {
        var found = new Dictionary<int, Product>(ids.Count);
        foreach (var id in ids)
        {
            found[id] = Core.Load(id);
        }

        return Task.FromResult<IReadOnlyDictionary<int, Product>>(found);
    }
}

/// <summary>
/// FusionCache's serializer over the source-generated context (the official SystemTextJson package is not on the
/// registry copy). It answers the async methods synchronously, which is if anything cheaper than the official one.
/// </summary>
public sealed class StjFusionSerializer : IFusionCacheSerializer
{
    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)(BenchJson.Default.GetTypeInfo(typeof(T))
        ?? throw new NotSupportedException(typeof(T) + " is not in BenchJson."));

    public byte[] Serialize<T>(T? obj) => JsonSerializer.SerializeToUtf8Bytes(obj!, Info<T>());

    public T? Deserialize<T>(byte[] data) => JsonSerializer.Deserialize(data, Info<T>());

    public ValueTask<byte[]> SerializeAsync<T>(T? obj, CancellationToken token = default) => new(Serialize(obj));

    public ValueTask<T?> DeserializeAsync<T>(byte[] data, CancellationToken token = default) => new(Deserialize<T>(data));
}

/// <summary>HybridCache's serializer for Product over the source-generated context (no reflection).</summary>
public sealed class StjHybridSerializer : IHybridCacheSerializer<Product>
{
    public Product Deserialize(ReadOnlySequence<byte> source)
    {
        var reader = new Utf8JsonReader(source);
        return JsonSerializer.Deserialize(ref reader, BenchJson.Default.Product)!;
    }

    public void Serialize(Product value, IBufferWriter<byte> target)
    {
        using var writer = new Utf8JsonWriter(target);
        JsonSerializer.Serialize(writer, value, BenchJson.Default.Product);
    }
}

/// <summary>Builds every contender over one multiplexer.</summary>
public sealed class Contenders : IAsyncDisposable
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    /// <summary>FusionCache options that skip its memory cache entirely: every call reads (and a miss writes) Redis only.</summary>
    public static readonly FusionCacheEntryOptions FusionL2Only = new()
    {
        Duration = Ttl,
        SkipMemoryCacheRead = true,
        SkipMemoryCacheWrite = true,
    };

    /// <summary>HybridCache options that skip its local cache: every call reads (and a miss writes) Redis only.</summary>
    public static readonly HybridCacheEntryOptions HybridL2Only = new()
    {
        Expiration = Ttl,
        LocalCacheExpiration = Ttl,
        Flags = HybridCacheEntryFlags.DisableLocalCache,
    };

    private readonly ServiceProvider _services;

    private Contenders(ConnectionMultiplexer redis)
    {
        Redis = redis;
        Db = redis.GetDatabase();
        Hand = new HandWritten(Db);
        Store = new RedisCacheStore(redis);
        Generated = new GeneratedRepository(Store);

        Fusion = new FusionCache(new FusionCacheOptions
        {
            CacheName = "bench",
            DefaultEntryOptions = new FusionCacheEntryOptions { Duration = Ttl },
        });
        Fusion.SetupDistributedCache(DistributedCache(redis, "fc:"), new StjFusionSerializer());

        var services = new ServiceCollection();
        services.AddSingleton<IDistributedCache>(DistributedCache(redis, "hy:"));
        services.AddHybridCache(o => o.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = Ttl, LocalCacheExpiration = Ttl })
            .AddSerializer<Product, StjHybridSerializer>();
        _services = services.BuildServiceProvider();
        Hybrid = _services.GetRequiredService<HybridCache>();
    }

    public ConnectionMultiplexer Redis { get; }

    public IDatabase Db { get; }

    public HandWritten Hand { get; }

    public ICacheStore Store { get; }

    public GeneratedRepository Generated { get; }

    public FusionCache Fusion { get; }

    public HybridCache Hybrid { get; }

    public static string FusionKey(int id) => "product:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string HybridKey(int id) => "product:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>FusionCache's read-through call as an application writes it.</summary>
    public ValueTask<Product> FusionGetAsync(int id, FusionCacheEntryOptions? options = null)
        => Fusion.GetOrSetAsync<Product>(FusionKey(id), (_, ct) => Core.LoadAsync(id, ct).AsTask(), options);

    /// <summary>HybridCache's read-through call as an application writes it (static lambda over state).</summary>
    public ValueTask<Product> HybridGetAsync(int id, HybridCacheEntryOptions? options = null)
        => Hybrid.GetOrCreateAsync(HybridKey(id), id, static (i, ct) => Core.LoadAsync(i, ct), options);

    /// <summary>Connects to the redis-server whose endpoint Program.cs put in COMPARISONS_REDIS.</summary>
    public static async Task<Contenders> ConnectAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable(Program.RedisVariable)
            ?? throw new InvalidOperationException($"{Program.RedisVariable} is not set: run the benchmarks through Program.Main, which starts redis-server.");
        var redis = await ConnectionMultiplexer.ConnectAsync(endpoint + ",abortConnect=false,allowAdmin=true").ConfigureAwait(false);
        return new Contenders(redis);
    }

    public async ValueTask DisposeAsync()
    {
        Fusion.Dispose();
        await _services.DisposeAsync().ConfigureAwait(false);
        await Redis.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A Microsoft.Extensions.Caching.StackExchangeRedis cache over the same multiplexer.</summary>
    private static RedisCache DistributedCache(IConnectionMultiplexer redis, string instance) => new(new RedisCacheOptions
    {
        InstanceName = instance,
        ConnectionMultiplexerFactory = () => Task.FromResult(redis),
    });
}
