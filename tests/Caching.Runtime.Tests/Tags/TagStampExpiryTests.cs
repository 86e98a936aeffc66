using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Tags;

/// <summary>
/// A stamp does not live forever, so when it expires its tag reads as "never invalidated" again. An entry written
/// before the invalidation also carried "never invalidated"; it must be gone by then, or it would be served again.
/// Small settings make the whole life cycle last about two seconds.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class TagStampExpiryTests(RedisServerFixture redis)
{
    private static readonly TimeSpan MaxTaggedEntryTtl = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly RedisCacheStore _store = new(redis.Multiplexer, new RedisCacheStoreOptions
    {
        KeyPrefix = "tagexpiry-" + Guid.NewGuid().ToString("N"),
        MaxTaggedEntryTtl = MaxTaggedEntryTtl,
        InvalidationWindow = Window,
    });

    [Fact]
    public async Task AfterTheStampExpires_AnEntryWrittenBeforeTheInvalidation_IsNotResurrected()
    {
        var key = _store.UniqueKey("resurrect");
        var stampKey = _store.KeyPrefix + "tag:news#tag";
        var policy = Policies.String(); // ten minutes: only the clamp makes it die before the stamp
        await _store.GetOrCreateAsync(key, ["news"], policy, 0, static (_, _) => ValueTask.FromResult("old news"));
        Assert.False(await redis.Database.KeyExistsAsync(stampKey));

        await _store.InvalidateTagAsync("news");
        Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key, ["news"], policy)).Status);

        await WaitUntilGoneAsync(stampKey);

        Assert.Equal(CacheEntryStatus.Missing, (await _store.TryGetAsync(key, ["news"], policy)).Status);
    }

    [Fact]
    public async Task AfterTheStampExpires_TheTagWorksAsBefore()
    {
        var key = _store.UniqueKey("after-expiry");
        var stampKey = _store.KeyPrefix + "tag:news#tag";
        var policy = Policies.String();
        await _store.InvalidateTagAsync("news");
        await WaitUntilGoneAsync(stampKey);

        await _store.GetOrCreateAsync(key, ["news"], policy, 0, static (_, _) => ValueTask.FromResult("fresh news"));
        Assert.Equal(CacheEntryStatus.Hit, (await _store.TryGetAsync(key, ["news"], policy)).Status);

        await _store.InvalidateTagAsync("news");
        Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key, ["news"], policy)).Status);
    }

    // Polls Redis (which expires keys on its own clock) rather than sleeping for a guessed time.
    private async Task WaitUntilGoneAsync(string key)
    {
        var clock = Stopwatch.StartNew();
        while (await redis.Database.KeyExistsAsync(key))
        {
            Assert.True(clock.Elapsed < Patience, $"{key} still exists after {Patience}.");
            await Task.Delay(50);
        }
    }
}
