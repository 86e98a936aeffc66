using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>
/// Generated code for the storage options against redis-server: Layout = Hash (miss, the hash's fields in Redis, hit,
/// single-field reads, invalidation) and CompressAbove (the stored entry is flagged and smaller, and reads back).
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class StorageOptionsTests(RedisServerFixture redis)
{
    private static readonly DateTimeOffset Joined = new(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(2));
    private readonly CardDb _db = new();

    [Fact]
    public async Task HashLayout_MissHashHitFieldReadInvalidation()
    {
        var store = Stores.Create(redis.Multiplexer, out var prefix);
        var repository = CardApp.CreateRepository(store, _db);
        _db.Seed(new Card(7, "Ann", null, CardTier.Pro, Joined));
        Assert.Equal(CacheEntryStatus.Missing, (await repository.GetCardNameAsync(7)).Status);

        // Miss: the core runs once, and Redis holds a hash with one field per non-null property.
        Assert.Equal(new Card(7, "Ann", null, CardTier.Pro, Joined), await repository.GetCardAsync(7));
        var key = redis.Multiplexer.GetServer(redis.Server.Endpoint).Keys(pattern: prefix + ":cards:card:7#*").Single();
        Assert.Equal(RedisType.Hash, await redis.Database.KeyTypeAsync(key));
        var fields = (await redis.Database.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string?)e.Value);
        Assert.Equal(["#h", "Id", "Joined", "Name", "Tier"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("7", fields["Id"]);
        Assert.Equal("Ann", fields["Name"]);
        Assert.Equal("1", fields["Tier"]);
        Assert.Equal("2026-05-06T07:08:09.0000000+02:00", fields["Joined"]);

        // Hit, whole and one field at a time, without the core.
        Assert.Equal(new Card(7, "Ann", null, CardTier.Pro, Joined), await repository.GetCardAsync(7));
        var name = await repository.GetCardNameAsync(7);
        Assert.Equal(CacheEntryStatus.Hit, name.Status);
        Assert.Equal("Ann", name.Value);
        var city = await repository.GetCardCityAsync(7);
        Assert.Equal(CacheEntryStatus.Hit, city.Status);
        Assert.Null(city.Value);
        Assert.Equal(CardTier.Pro, (await repository.GetCardTierAsync(7)).Value);
        Assert.Equal(1, _db.Reads);

        // Invalidation: the field read and the whole read miss; the next call reloads and stores a hash again.
        await repository.DeleteCardAsync(7);
        Assert.Equal(CacheEntryStatus.Invalidated, (await repository.GetCardNameAsync(7)).Status);
        Assert.Equal(CacheEntryStatus.Invalidated, (await repository.TryGetCardAsync(7)).Status);
        Assert.Null(await repository.GetCardAsync(7));
        Assert.Equal(2, _db.Reads);
        Assert.Equal(RedisType.Hash, await redis.Database.KeyTypeAsync(key));
        Assert.Equal(CacheEntryStatus.Missing, (await repository.GetCardNameAsync(7)).Status); // a cached null has no fields
    }

    [Fact]
    public async Task CompressAbove_StoresACompressedEntry_AndReadsItBack()
    {
        var store = Stores.Create(redis.Multiplexer, out var prefix);
        var repository = CardApp.CreateRepository(store, _db);
        var expected = await _db.NotesAsync(3);

        Assert.Equal(expected, await repository.GetNotesAsync(3));
        Assert.Equal(expected, await repository.GetNotesAsync(3));
        Assert.Equal(2, _db.Reads); // one for `expected`, one for the miss

        var key = redis.Multiplexer.GetServer(redis.Server.Endpoint).Keys(pattern: prefix + ":cards:notes:3#*").Single();
        var stored = (byte[])(await redis.Database.StringGetAsync(key))!;
        Assert.Equal(16, stored[2]); // the compressed flag
        Assert.Equal(expected.Length, BitConverter.ToInt32(stored, 20)); // the uncompressed length (ASCII text)
        Assert.True(stored.Length < expected.Length / 10, $"{stored.Length} bytes stored for {expected.Length}");
    }
}
