using System;

namespace Caching.Runtime.Tests.Support;

/// <summary>Policies the tests share; the schema hashes are arbitrary but fixed, like a generator's.</summary>
internal static class Policies
{
    public const uint ProductSchema = 0x5EED_0001;
    public const uint IntSchema = 0x5EED_0002;
    public const uint StringSchema = 0x5EED_0003;

    public static CachePolicy<Product> Product(TimeSpan? ttl = null, TimeSpan? jitter = null)
        => new("Tests.Product", ttl ?? TimeSpan.FromMinutes(10), jitter ?? TimeSpan.Zero, ProductSchema,
            new JsonCacheSerializer<Product>(TestJsonContext.Default.Product));

    public static CachePolicy<int> Int(TimeSpan? ttl = null, TimeSpan? jitter = null)
        => new("Tests.Int", ttl ?? TimeSpan.FromMinutes(10), jitter ?? TimeSpan.Zero, IntSchema, UnmanagedCacheSerializer<int>.Instance);

    public static CachePolicy<string> String()
        => new("Tests.String", TimeSpan.FromMinutes(10), TimeSpan.Zero, StringSchema, StringCacheSerializer.Instance);

    public static Product SampleProduct(int id) => new(id, "Widget ü " + id, 9.99m + id, ["red", "blue"]);

    /// <summary>A key no other test uses, so tests can share one server.</summary>
    public static string UniqueKey(string purpose) => $"test:{purpose}:{Guid.NewGuid():N}";
}
