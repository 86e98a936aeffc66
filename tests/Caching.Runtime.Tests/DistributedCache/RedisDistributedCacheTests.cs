using System;
using System.Buffers;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.DistributedCache;

/// <summary>RedisDistributedCache against redis-server: the byte[] and buffer forms, every expiration, and registration.</summary>
[Collection(RedisCollections.Server)]
public sealed class RedisDistributedCacheTests(RedisServerFixture redis)
{
    private static readonly byte[] Payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();

    private readonly string _prefix = "dc-" + Guid.NewGuid().ToString("N");

    private RedisDistributedCache Cache() => new(new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = _prefix }));

    private string FullKey(string key) => _prefix + ":" + key;

    private static DistributedCacheEntryOptions Sliding(int ms) => new() { SlidingExpiration = TimeSpan.FromMilliseconds(ms) };

    [Fact]
    public async Task SetAndGet_RoundTrip_UnderTheStoresPrefix_AsAHash()
    {
        var cache = Cache();
        await cache.SetAsync("k", Payload, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });

        Assert.Equal(Payload, await cache.GetAsync("k"));
        Assert.Equal(Payload, (byte[]?)await redis.Database.HashGetAsync(FullKey("k"), "data"));
        var ttl = await redis.Database.KeyTimeToLiveAsync(FullKey("k"));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(4.9), TimeSpan.FromMinutes(5));
        Assert.Null(await cache.GetAsync("missing"));
    }

    [Fact]
    public void SyncForms_RoundTrip_Refresh_AndRemove()
    {
        var cache = Cache();
        cache.Set("s", Payload, Sliding(60_000));
        Assert.Equal(Payload, cache.Get("s"));
        redis.Database.KeyExpire(FullKey("s"), TimeSpan.FromSeconds(5));

        cache.Refresh("s");
        Assert.InRange(redis.Database.KeyTimeToLive(FullKey("s"))!.Value, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(60));

        cache.Remove("s");
        Assert.Null(cache.Get("s"));
        Assert.False(redis.Database.KeyExists(FullKey("s")));
    }

    [Fact]
    public async Task NoExpiration_StoresNoTtl_AndAnOverwriteDropsAnEarlierOne()
    {
        var cache = Cache();
        await cache.SetAsync("forever", Payload, Sliding(60_000));
        Assert.NotNull(await redis.Database.KeyTimeToLiveAsync(FullKey("forever")));

        await cache.SetAsync("forever", [1, 2, 3], new DistributedCacheEntryOptions());
        Assert.Null(await redis.Database.KeyTimeToLiveAsync(FullKey("forever")));
        Assert.Equal(new byte[] { 1, 2, 3 }, await cache.GetAsync("forever"));
        Assert.Equal(0, (long)await redis.Database.HashGetAsync(FullKey("forever"), "sliding"));
    }

    [Fact]
    public async Task RelativeExpiration_EndsTheEntry()
    {
        var cache = Cache();
        await cache.SetAsync("rel", Payload, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(1000) });
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync(FullKey("rel")))!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1000));
        Assert.Equal(Payload, await cache.GetAsync("rel"));

        await Task.Delay(1300);
        Assert.Null(await cache.GetAsync("rel"));
    }

    [Fact]
    public async Task AbsoluteExpiration_EndsTheEntry_AndOneInThePastIsRefused()
    {
        var cache = Cache();
        await cache.SetAsync("abs", Payload, new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMilliseconds(1000) });
        Assert.Equal(Payload, await cache.GetAsync("abs"));

        await Task.Delay(1300);
        Assert.Null(await cache.GetAsync("abs"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => cache.SetAsync(
            "past", Payload, new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddSeconds(-1) }));
        Assert.False(await redis.Database.KeyExistsAsync(FullKey("past")));
    }

    [Fact]
    public async Task SlidingExpiration_EachReadExtendsTheEntry_AndIdleItExpires()
    {
        var cache = Cache();
        await cache.SetAsync("slide", Payload, Sliding(1000));

        // Read every 300 ms for 2.1 s: over two windows, yet each read keeps it alive (700 ms of slack per read for
        // a busy machine).
        for (var i = 0; i < 7; i++)
        {
            await Task.Delay(300);
            Assert.Equal(Payload, await cache.GetAsync("slide"));
            Assert.InRange((await redis.Database.KeyTimeToLiveAsync(FullKey("slide")))!.Value, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000));
        }

        await Task.Delay(1500);
        Assert.Null(await cache.GetAsync("slide"));
        Assert.False(await redis.Database.KeyExistsAsync(FullKey("slide")));
    }

    [Fact]
    public async Task Refresh_ExtendsASlidingEntry_WithoutReadingIt()
    {
        var cache = Cache();
        await cache.SetAsync("refresh", Payload, Sliding(2000));
        var clock = Stopwatch.StartNew();
        await Task.Delay(1000);
        await cache.RefreshAsync("refresh");

        // Past the first window (2 s after the write), inside the second (2 s after the refresh).
        await Task.Delay(TimeSpan.FromMilliseconds(2400) - clock.Elapsed);
        Assert.Equal(Payload, await cache.GetAsync("refresh"));
        await cache.RefreshAsync("missing"); // nothing to refresh: no error, nothing created
        Assert.False(await redis.Database.KeyExistsAsync(FullKey("missing")));
    }

    [Fact]
    public async Task SlidingExpiration_NeverOutlivesTheAbsoluteOne()
    {
        var cache = Cache();
        await cache.SetAsync("capped", Payload, new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMilliseconds(1000),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(1800),
        });

        var clock = Stopwatch.StartNew();
        await Task.Delay(600);
        Assert.Equal(Payload, await cache.GetAsync("capped")); // slides to ≈1.6 s
        await Task.Delay(TimeSpan.FromMilliseconds(1300) - clock.Elapsed);
        Assert.Equal(Payload, await cache.GetAsync("capped")); // would slide to ≈2.3 s, capped at 1.8 s
        var elapsed = clock.Elapsed;
        var ttl = (await redis.Database.KeyTimeToLiveAsync(FullKey("capped")))!.Value;
        Assert.True(ttl <= TimeSpan.FromMilliseconds(1805) - elapsed, $"TTL {ttl} after {elapsed}");

        await Task.Delay(TimeSpan.FromMilliseconds(2200) - clock.Elapsed);
        Assert.Null(await cache.GetAsync("capped"));
    }

    [Fact]
    public async Task BufferForms_RoundTrip_AMultiSegmentSequence()
    {
        var cache = Cache();
        var sequence = Segments(Payload.AsMemory(0, 100), Payload.AsMemory(100, 150), Payload.AsMemory(250));
        Assert.False(sequence.IsSingleSegment);
        await cache.SetAsync("buffer", sequence, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });

        var writer = new ArrayBufferWriter<byte>();
        Assert.True(await cache.TryGetAsync("buffer", writer));
        Assert.Equal(Payload, writer.WrittenSpan.ToArray());

        var empty = new ArrayBufferWriter<byte>();
        Assert.False(await cache.TryGetAsync("missing", empty));
        Assert.Equal(0, empty.WrittenCount);

        cache.Set("buffer-sync", new ReadOnlySequence<byte>(Payload), Sliding(60_000));
        var syncWriter = new ArrayBufferWriter<byte>();
        Assert.True(cache.TryGet("buffer-sync", syncWriter));
        Assert.Equal(Payload, syncWriter.WrittenSpan.ToArray());
        Assert.False(cache.TryGet("missing", syncWriter));
    }

    [Fact]
    public async Task RemoveAsync_DeletesTheEntry()
    {
        var cache = Cache();
        await cache.SetAsync("gone", Payload, new DistributedCacheEntryOptions());
        await cache.RemoveAsync("gone");

        Assert.Null(await cache.GetAsync("gone"));
        Assert.False(await redis.Database.KeyExistsAsync(FullKey("gone")));
    }

    [Fact]
    public async Task AddRedisDistributedCache_RegistersBothInterfaces_OverTheStore_ReplacingOneRegisteredBefore()
    {
        await using var provider = new ServiceCollection()
            .AddSingleton<IDistributedCache>(_ => throw new InvalidOperationException("registered before, must be replaced"))
            .AddSingleton<IConnectionMultiplexer>(redis.Multiplexer)
            .AddRedisCaching(o =>
            {
                o.Connection = sp => sp.GetRequiredService<IConnectionMultiplexer>();
                o.KeyPrefix = _prefix;
            })
            .AddRedisDistributedCache()
            .BuildServiceProvider();

        var cache = provider.GetRequiredService<IDistributedCache>();
        Assert.IsType<RedisDistributedCache>(cache);
        Assert.Same(cache, provider.GetRequiredService<IBufferDistributedCache>());
        await cache.SetStringAsync("di", "hello");
        Assert.True(await redis.Database.KeyExistsAsync(FullKey("di")));
    }

    [Fact]
    public async Task AddRedisDistributedCache_WithAStoreName_UsesThatKeyedStore()
    {
        await using var provider = new ServiceCollection()
            .AddRedisCaching("sessions", o =>
            {
                o.Configuration = redis.Server.Endpoint;
                o.KeyPrefix = _prefix;
            })
            .AddRedisDistributedCache("sessions")
            .BuildServiceProvider();

        await provider.GetRequiredService<IDistributedCache>().SetStringAsync("named", "hello");
        Assert.True(await redis.Database.KeyExistsAsync(FullKey("named")));
    }

    private static ReadOnlySequence<byte> Segments(params ReadOnlyMemory<byte>[] parts)
    {
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.Skip(1))
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
