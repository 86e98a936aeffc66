using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>A null result is an answer too: caching it spares the core the same work (the "negative cache").</summary>
[Collection(RedisCollections.Server)]
public sealed class NullValueTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    [Fact]
    public async Task NullReference_IsCached()
    {
        var key = Policies.UniqueKey("null-ref");
        // The `!` only adapts the annotation: a serializer of Product serves Product? (null never reaches it).
        var policy = new CachePolicy<Product?>(
            "Tests.MaybeProduct", TimeSpan.FromMinutes(10), TimeSpan.Zero, Policies.ProductSchema,
            new JsonCacheSerializer<Product>(TestJsonContext.Default.Product)!);
        var factory = new CountingFactory<Product?>(null);

        Assert.Null(await _store.GetOrCreateCountedAsync(key, policy, factory));
        Assert.Null(await _store.GetOrCreateCountedAsync(key, policy, factory));
        Assert.Null(_store.GetOrCreateCounted(key, policy, factory));
        Assert.Equal(1, factory.Calls);

        var raw = (byte[])(await redis.Database.StringGetAsync(key))!;
        Assert.Equal(EntryBytes.HeaderSize, raw.Length);
        Assert.Equal(EntryBytes.NullFlag, raw[2]);
        Assert.Equal(0, EntryBytes.PayloadLength(raw));
    }

    [Fact]
    public async Task NullNullableInt_IsCached()
    {
        var key = Policies.UniqueKey("null-int");
        var factory = new CountingFactory<int?>(null);

        Assert.Null(await _store.GetOrCreateCountedAsync(key, NullableIntPolicy(), factory));
        Assert.Null(await _store.GetOrCreateCountedAsync(key, NullableIntPolicy(), factory));
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public async Task NullableIntWithValue_RoundTrips()
    {
        var key = Policies.UniqueKey("some-int");
        var factory = new CountingFactory<int?>(42);

        Assert.Equal(42, await _store.GetOrCreateCountedAsync(key, NullableIntPolicy(), factory));
        Assert.Equal(42, await _store.GetOrCreateCountedAsync(key, NullableIntPolicy(), factory));
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public async Task NullEntry_ForANonNullableValueType_IsAMiss()
    {
        // Only a method returning int? writes null entries; one found under an int method's key was not ours.
        var key = Policies.UniqueKey("null-for-int");
        await redis.Database.StringSetAsync(key, EntryBytes.Build(Policies.IntSchema, [], flags: EntryBytes.NullFlag));
        var factory = new CountingFactory<int>(5);

        Assert.Equal(CacheEntryStatus.Corrupt, (await _store.TryGetAsync(key, Policies.Int())).Status);
        Assert.Equal(5, await _store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.Equal(1, factory.Calls);
    }

    private static CachePolicy<int?> NullableIntPolicy()
        => new("Tests.MaybeInt", TimeSpan.FromMinutes(10), TimeSpan.Zero, Policies.IntSchema,
            new NullableCacheSerializer<int>(UnmanagedCacheSerializer<int>.Instance));
}
