using System;
using System.ComponentModel;
using System.Text.Json.Serialization;
using ZiggyCreatures.Caching.Fusion.Internals.Distributed;

namespace Comparisons;

/// <summary>
/// The one value every contender caches: about 200 bytes of JSON. Sealed and <c>[ImmutableObject(true)]</c>, so
/// HybridCache may hand out its cached instance on an L1 hit instead of deserializing a copy (its fastest path).
/// </summary>
[ImmutableObject(true)]
public sealed record Product(
    int Id,
    string Name,
    string Description,
    decimal Price,
    string Currency,
    int Stock,
    string Category,
    DateTime UpdatedAt);

/// <summary>System.Text.Json source generation for every contender: no reflection anywhere.</summary>
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(FusionCacheDistributedEntry<Product>))]
internal sealed partial class BenchJson : JsonSerializerContext;

/// <summary>The "database": builds a product from its id, no I/O.</summary>
public static class Catalog
{
    private static readonly DateTime Updated = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    public static Product Make(int id) => new(
        id,
        "Stainless steel kettle 1.7 l",
        "Cordless electric kettle with limescale filter, auto shut-off and a 360 degree base.",
        49.90m,
        "EUR",
        120,
        "kitchen/appliances",
        Updated);
}
