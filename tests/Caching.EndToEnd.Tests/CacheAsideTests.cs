using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>Generated [Cached] methods against a real redis-server: misses, hits, keys and expiries as documented.</summary>
[Collection(RedisCollections.Server)]
public sealed class CacheAsideTests(RedisServerFixture redis)
{
    private readonly ProductDb _db = new();

    [Fact]
    public async Task MissThenHit_CallsTheCoreOnce()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out _), _db);

        var first = await repository.GetProductAsync(42);
        var second = await repository.GetProductAsync(42);

        Assert.Equal(new Product(42, "Product 42", 63m), first);
        Assert.Equal(first, second);
        Assert.Equal(1, _db.Calls);
    }

    [Fact]
    public async Task Key_IsAppPrefixTypePrefixTemplateAndSchemaHash()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out var prefix), _db);

        await repository.GetProductAsync(42);

        var key = Assert.Single(KeysOf(prefix));
        Assert.Matches(new Regex($"^{prefix}:shop:product:42#[0-9a-f]{{8}}$"), key);
        var raw = (byte[])(await redis.Database.StringGetAsync(key))!;
        Assert.Equal(0xCA, raw[0]);
        Assert.Equal(1, raw[1]);
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(100, 20)]
    public async Task MethodWithoutTtl_TakesTheStoresDefaultTtlAndJitter(int ttlSeconds, int jitterSeconds)
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var store = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions
        {
            KeyPrefix = prefix,
            DefaultTtl = TimeSpan.FromSeconds(ttlSeconds),
            DefaultJitter = TimeSpan.FromSeconds(jitterSeconds),
        });
        var repository = ShopApp.CreateRepository(store, _db);

        var ttls = new List<TimeSpan>();
        for (var id = 1; id <= 20; id++)
        {
            Assert.Equal(_db.Name(id), await repository.GetLabelAsync(id));
            var key = Assert.Single(KeysOf(prefix), k => k.Contains($":label:{id}#", StringComparison.Ordinal));
            ttls.Add((await redis.Database.KeyTimeToLiveAsync(key))!.Value);
        }

        // Redis rounds the remaining time down; allow a few seconds for a slow machine.
        Assert.All(ttls, ttl => Assert.InRange(ttl, TimeSpan.FromSeconds(ttlSeconds - 5), TimeSpan.FromSeconds(ttlSeconds + jitterSeconds)));
        if (jitterSeconds > 0)
        {
            Assert.True(ttls.Max() - ttls.Min() > TimeSpan.FromSeconds(2), "20 draws of a 20 s jitter all fell within 2 s of each other");
        }
    }

    [Fact]
    public async Task Expiry_IsDrawnFromTtlToTtlPlusJitter()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out var prefix), _db);

        for (var id = 1; id <= 30; id++)
        {
            await repository.GetProductAsync(id);
        }

        var ttls = await Task.WhenAll(KeysOf(prefix).Select(k => redis.Database.KeyTimeToLiveAsync(k)));
        Assert.Equal(30, ttls.Length);
        Assert.All(ttls, ttl => Assert.InRange(ttl!.Value.TotalMilliseconds, 600_000 - 5_000, 660_000));
        // Thirty draws from a 60 s window do not all land within one second of each other.
        Assert.True(ttls.Max()!.Value - ttls.Min()!.Value > TimeSpan.FromSeconds(1), "the jitter spread no expiries");
    }

    [Fact]
    public async Task ValueTaskMethod_WithFormattedDateHole()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out var prefix), _db);
        var day = new DateTime(2024, 5, 6, 13, 45, 0, DateTimeKind.Utc);

        var first = await repository.CountAsync("books", day);
        var second = await repository.CountAsync("books", day.AddHours(2));

        Assert.Equal(11, first);
        Assert.Equal(first, second);
        Assert.Equal(1, _db.Calls);
        var key = Assert.Single(KeysOf(prefix));
        Assert.StartsWith($"{prefix}:shop:count:books:2024-05-06#", key, StringComparison.Ordinal);
        var ttl = await redis.Database.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value.TotalMilliseconds, 120_000 - 5_000, 120_000);
    }

    [Fact]
    public void SynchronousMethod_MissThenHit_AndNullIsCached()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out _), _db);

        Assert.Equal("Name 7", repository.GetName(7));
        Assert.Equal("Name 7", repository.GetName(7));
        Assert.Null(repository.GetName(-1));
        Assert.Null(repository.GetName(-1));

        Assert.Equal(2, _db.Calls);
    }

    [Fact]
    public async Task MemberPathHoles_AndHashTag_BuildTheDocumentedKey()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out var prefix), _db);

        var first = await repository.ListAsync(new OrderQuery(7, null));
        var second = await repository.ListAsync(new OrderQuery(7, null));
        await repository.ListAsync(new OrderQuery(7, 2));

        Assert.Equal(first, second);
        Assert.Equal(2, _db.Calls);
        var keys = KeysOf(prefix).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, keys.Length);
        Assert.StartsWith($"{prefix}:shop:{{owner:7}}:orders:%N#", keys[0], StringComparison.Ordinal);
        Assert.StartsWith($"{prefix}:shop:{{owner:7}}:orders:2#", keys[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HoleValuesCannotForgeAnotherKey()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out var prefix), _db);
        var day = new DateTime(2024, 1, 2);

        await repository.CountAsync("a:2024-01-02", day);
        await repository.CountAsync("a", day);
        await repository.CountAsync("{a}*?", day);

        Assert.Equal(3, _db.Calls);
        Assert.Equal(3, KeysOf(prefix).Count());
        Assert.Contains(KeysOf(prefix), k => k.StartsWith($"{prefix}:shop:count:%7Ba%7D%2A%3F:2024-01-02#", StringComparison.Ordinal));
    }

    private System.Collections.Generic.IEnumerable<string> KeysOf(string prefix)
        => redis.Multiplexer.GetServer(redis.Server.Endpoint).Keys(pattern: prefix + ":*").Select(k => k.ToString());
}
