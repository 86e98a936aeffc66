using System;
using System.Buffers.Binary;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Tags;

/// <summary>
/// Tags leave no bookkeeping forever: a tag's stamp expires MaxTaggedEntryTtl + 2 × InvalidationWindow after its
/// last invalidation, and a tagged entry never lives longer than MaxTaggedEntryTtl, so it dies before any stamp
/// that invalidated it (docs/design/tags.md).
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class TagBookkeepingTests(RedisServerFixture redis)
{
    private static readonly TimeSpan MaxTaggedEntryTtl = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    private readonly RedisCacheStore _store = new(redis.Multiplexer, new RedisCacheStoreOptions
    {
        KeyPrefix = "tagttl-" + Guid.NewGuid().ToString("N"),
        MaxTaggedEntryTtl = MaxTaggedEntryTtl,
        InvalidationWindow = Window,
    });

    [Fact]
    public async Task InvalidateTag_WritesOneStampKey_WithATtlOfMaxTaggedEntryTtlPlusTwoWindows()
    {
        // The layout documented in docs/design/tags.md: {prefix}tag:{name}#tag.
        var stampKey = _store.KeyPrefix + "tag:invoices#tag";
        Assert.False(await redis.Database.KeyExistsAsync(stampKey));

        Assert.True(await _store.InvalidateTagAsync("invoices"));

        var stamp = await redis.Database.StringGetAsync(stampKey);
        Assert.Equal(16, ((byte[])stamp!).Length);
        var expected = (MaxTaggedEntryTtl + Window + Window).TotalMilliseconds;
        Assert.InRange(await PttlAsync(stampKey), expected - 5_000, expected);
    }

    [Fact]
    public async Task EachInvalidation_ReplacesTheStamp()
    {
        var stampKey = _store.KeyPrefix + "tag:invoices#tag";

        await _store.InvalidateTagAsync("invoices");
        var first = (byte[])(await redis.Database.StringGetAsync(stampKey))!;
        await _store.InvalidateTagAsync("invoices");
        var second = (byte[])(await redis.Database.StringGetAsync(stampKey))!;

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task TaggedEntryTtl_IsClampedToMaxTaggedEntryTtl_UntaggedIsNot()
    {
        var policy = Policies.Int(TimeSpan.FromHours(2), TimeSpan.Zero);
        var tagged = _store.UniqueKey("clamped");
        var untagged = _store.UniqueKey("not-clamped");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await _store.GetOrCreateCountedAsync(tagged, ["t"], policy, new CountingFactory<int>(1));
        await _store.GetOrCreateCountedAsync(untagged, policy, new CountingFactory<int>(1));

        Assert.InRange(await PttlAsync(tagged), MaxTaggedEntryTtl.TotalMilliseconds - 5_000, MaxTaggedEntryTtl.TotalMilliseconds);
        Assert.InRange(await PttlAsync(untagged), TimeSpan.FromHours(2).TotalMilliseconds - 5_000, TimeSpan.FromHours(2).TotalMilliseconds);

        // The logical expiry in the header is clamped too, or a reader would trust the entry past its stamp.
        var raw = (byte[])(await redis.Database.StringGetAsync(tagged))!;
        Assert.InRange(BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(8)), before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)MaxTaggedEntryTtl.TotalMilliseconds);
    }

    [Fact]
    public async Task WriteThroughAndBatchEntries_AreClampedToo()
    {
        var policy = Policies.Int(TimeSpan.FromHours(2), TimeSpan.Zero);
        var written = _store.UniqueKey("set-clamped");
        var warmed = _store.UniqueKey("warm-clamped");

        await _store.SetAsync(written, ["t"], 1, policy);
        await _store.WarmAsync([warmed], static k => k, static _ => ["t"], policy, 0, static (_, _, _) => ValueTask.FromResult(2));

        Assert.InRange(await PttlAsync(written), 1, MaxTaggedEntryTtl.TotalMilliseconds);
        Assert.InRange(await PttlAsync(warmed), 1, MaxTaggedEntryTtl.TotalMilliseconds);
    }

    private async Task<long> PttlAsync(string key) => (long)await redis.Database.ExecuteAsync("PTTL", (RedisKey)key);
}
