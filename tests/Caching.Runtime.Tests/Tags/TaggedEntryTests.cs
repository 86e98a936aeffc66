using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Tags;

/// <summary>
/// Tagged entries hit like untagged ones until one of their tags is invalidated; then every entry carrying that
/// tag, and only those, is a miss. Each test has its own key prefix, so its tags' stamps are its own.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class TaggedEntryTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = "tags-" + Guid.NewGuid().ToString("N") });

    [Fact]
    public async Task TaggedEntry_IsAHitOnTheSecondCall()
    {
        var key = _store.UniqueKey("tagged-hit");
        var factory = new CountingFactory<Product>(Policies.SampleProduct(1));

        var first = await _store.GetOrCreateCountedAsync(key, ["products"], Policies.Product(), factory);
        var second = await _store.GetOrCreateCountedAsync(key, ["products"], Policies.Product(), factory);

        Assert.Equal(1, factory.Calls);
        Assert.Equal(first, second);
        Assert.Equal(CacheEntryStatus.Hit, (await _store.TryGetAsync(key, ["products"], Policies.Product())).Status);
    }

    [Fact]
    public async Task InvalidateTag_MakesEveryEntryWithTheTagAMiss_AndNoOther()
    {
        var policy = Policies.Int();
        var withTag = Enumerable.Range(0, 20).Select(i => (Key: _store.UniqueKey("in-tag"), Tags: i % 2 == 0 ? new[] { "orders" } : ["orders", "other"])).ToArray();
        var otherTag = Enumerable.Range(0, 5).Select(_ => (Key: _store.UniqueKey("other-tag"), Tags: new[] { "other" })).ToArray();
        var untagged = Enumerable.Range(0, 5).Select(_ => _store.UniqueKey("untagged")).ToArray();
        foreach (var (key, tags) in withTag.Concat(otherTag))
        {
            await _store.GetOrCreateCountedAsync(key, tags, policy, new CountingFactory<int>(1));
        }

        foreach (var key in untagged)
        {
            await _store.GetOrCreateCountedAsync(key, policy, new CountingFactory<int>(1));
        }

        Assert.True(await _store.InvalidateTagAsync("orders"));

        foreach (var (key, tags) in withTag)
        {
            Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key, tags, policy)).Status);
        }

        foreach (var (key, tags) in otherTag)
        {
            Assert.Equal(CacheEntryStatus.Hit, (await _store.TryGetAsync(key, tags, policy)).Status);
        }

        foreach (var key in untagged)
        {
            Assert.Equal(CacheEntryStatus.Hit, (await _store.TryGetAsync(key, policy)).Status);
        }
    }

    [Fact]
    public async Task InvalidatedEntry_IsRefilledOnce_ThenHitsAgain()
    {
        var key = _store.UniqueKey("refill");
        var factory = new CountingFactory<int>(5);
        await _store.GetOrCreateCountedAsync(key, ["stock"], Policies.Int(), factory);

        await _store.InvalidateTagAsync("stock");
        await _store.GetOrCreateCountedAsync(key, ["stock"], Policies.Int(), factory);
        await _store.GetOrCreateCountedAsync(key, ["stock"], Policies.Int(), factory);

        Assert.Equal(2, factory.Calls);
    }

    [Fact]
    public async Task TemplatedTagNames_AreIndependent()
    {
        // The names generated code builds from "user:<id>": the id is a hole, escaped like a key's.
        var user42 = Keys.Of("user:", "42");
        var user43 = Keys.Of("user:", "43");
        var key42 = _store.UniqueKey("user42");
        var key43 = _store.UniqueKey("user43");
        await _store.GetOrCreateCountedAsync(key42, [user42], Policies.Int(), new CountingFactory<int>(42));
        await _store.GetOrCreateCountedAsync(key43, [user43], Policies.Int(), new CountingFactory<int>(43));

        await _store.InvalidateTagAsync(user42);

        Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key42, [user42], Policies.Int())).Status);
        Assert.Equal(CacheEntryStatus.Hit, (await _store.TryGetAsync(key43, [user43], Policies.Int())).Status);
    }

    [Fact]
    public async Task ReaderWithOtherTagsThanTheWriter_SeesAMiss_WhateverTheOrder()
    {
        var key = _store.UniqueKey("tag-sets");
        await _store.GetOrCreateCountedAsync(key, ["a", "b"], Policies.Int(), new CountingFactory<int>(1));

        Assert.Equal(CacheEntryStatus.Hit, (await _store.TryGetAsync(key, ["b", "a"], Policies.Int())).Status);
        Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key, ["a"], Policies.Int())).Status);
        Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key, ["a", "c"], Policies.Int())).Status);
        Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key, ["a", "b", "c"], Policies.Int())).Status);
    }

    [Fact]
    public async Task TaggedReader_DoesNotTrustAnUntaggedEntry()
    {
        var key = _store.UniqueKey("untagged-entry");
        await _store.GetOrCreateCountedAsync(key, Policies.Int(), new CountingFactory<int>(1));

        Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key, ["a"], Policies.Int())).Status);
    }

    [Fact]
    public async Task WriteThroughWithTags_IsAHitForATaggedReader_UntilTheTagIsInvalidated()
    {
        var key = _store.UniqueKey("write-through");
        var factory = new CountingFactory<Product>(Policies.SampleProduct(1));

        Assert.True(await _store.SetAsync(key, ["catalogue"], Policies.SampleProduct(2), Policies.Product()));
        var read = await _store.GetOrCreateCountedAsync(key, ["catalogue"], Policies.Product(), factory);

        Assert.Equal(Policies.SampleProduct(2), read);
        Assert.Equal(0, factory.Calls);

        await _store.InvalidateTagAsync("catalogue");
        Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key, ["catalogue"], Policies.Product())).Status);
    }

    [Fact]
    public async Task BatchAndWarmedEntries_CarryTheirTags()
    {
        var policy = Policies.Int();
        var ids = Enumerable.Range(1, 30).ToArray();
        var prefix = _store.UniqueKey("batch") + ":";
        string Key(int id) => prefix + id;
        string[] TagsOf(int id) => id % 2 == 0 ? ["even"] : ["odd"];

        var warmed = await _store.WarmAsync(ids.Where(i => i <= 15), Key, TagsOf, policy, 0, static (_, id, _) => ValueTask.FromResult(id));
        var batch = await _store.GetOrCreateManyAsync(ids, Key, TagsOf, policy, 0, static (_, misses, _) =>
            ValueTask.FromResult<System.Collections.Generic.IReadOnlyDictionary<int, int>>(misses.ToDictionary(id => id, id => id)));
        Assert.Equal(15, warmed);
        Assert.Equal(ids, batch.Keys.Order());

        await _store.InvalidateTagAsync("even");

        foreach (var id in ids)
        {
            var expected = id % 2 == 0 ? CacheEntryStatus.TagInvalidated : CacheEntryStatus.Hit;
            Assert.Equal(expected, (await _store.TryGetAsync(Key(id), TagsOf(id), policy)).Status);
        }
    }
}
