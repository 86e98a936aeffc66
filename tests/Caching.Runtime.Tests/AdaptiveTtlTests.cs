using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>Adaptive TTL: the policy's hook decides each value's expiry; zero or less means the value is not cached.</summary>
[Collection(RedisCollections.Server)]
public sealed class AdaptiveTtlTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = "adaptive" });

    private static CachePolicy<string?> Policy(Func<string?, TimeSpan> ttlFor, TimeSpan? jitter = null)
        => new("Tests.Adaptive", TimeSpan.FromSeconds(600), jitter ?? TimeSpan.Zero, 7, new NullableStringSerializer(), ttlFor);

    [Fact]
    public void NextExpiry_IsTheHooksTtlPlusJitter_OrZeroWhenTheHookSaysNotToCache()
    {
        var policy = Policy(v => v == "short" ? TimeSpan.FromSeconds(5) : v is null ? TimeSpan.Zero : TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(2));

        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(policy.NextExpiry("short"), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7));
        }

        Assert.Equal(TimeSpan.Zero, policy.NextExpiry(null));
        Assert.Equal(TimeSpan.Zero, policy.NextExpiry("negative"));
    }

    [Fact]
    public async Task StoredEntry_LivesWhatTheHookDecided()
    {
        var key = Policies.UniqueKey("adaptive");
        var policy = Policy(_ => TimeSpan.FromSeconds(42));

        await _store.GetOrCreateAsync(key, policy, "value", static (v, _) => new ValueTask<string?>(v));

        var ttl = await redis.Database.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value.TotalSeconds, 30, 42);
    }

    [Fact]
    public async Task ZeroFromTheHook_TheValueIsReturnedButNotCached()
    {
        var key = Policies.UniqueKey("adaptive");
        var policy = Policy(v => v is null ? TimeSpan.Zero : TimeSpan.FromMinutes(1));
        var calls = 0;

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await _store.GetOrCreateAsync(key, policy, 0, (_, _) => { calls++; return new ValueTask<string?>((string?)null); }));
        }

        Assert.Equal(3, calls);
        Assert.False(await redis.Database.KeyExistsAsync(key));
    }

    [Fact]
    public async Task WriteThroughOfAValueNotToCache_InvalidatesTheOlderEntry()
    {
        var key = Policies.UniqueKey("adaptive");
        var policy = Policy(v => v == "secret" ? TimeSpan.Zero : TimeSpan.FromMinutes(1));
        await _store.SetAsync(key, "old", policy);

        Assert.False(await _store.SetAsync(key, "secret", policy));

        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(key, policy)).Status);
    }

    private sealed class NullableStringSerializer : ICacheSerializer<string?>
    {
        public void Serialize(string? value, System.Buffers.IBufferWriter<byte> destination) => StringCacheSerializer.Instance.Serialize(value!, destination);

        public string? Deserialize(ReadOnlySpan<byte> source) => StringCacheSerializer.Instance.Deserialize(source);
    }
}
