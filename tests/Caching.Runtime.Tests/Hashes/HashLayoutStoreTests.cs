using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Hashes;

public enum Tier
{
    Free = 1,
    Pro = 2,
}

public sealed record HashUser(int Id, string Name, string? Nickname, Tier Tier, DateTime Seen);

/// <summary>What the generator writes for <see cref="HashUser"/> (see HashLayoutSnapshotTests), by hand.</summary>
internal sealed class HashUserMapper : ICacheHashMapper<HashUser?>
{
    private static readonly RedisValue[] FieldNames = ["Id", "Name", "Nickname", "Tier", "Seen"];

    public RedisValue[] Fields => FieldNames;

    public void Write(HashUser? value, Span<RedisValue> destination)
    {
        destination[0] = HashFields.Write(value!.Id);
        destination[1] = HashFields.Write(value.Name);
        destination[2] = HashFields.Write(value.Nickname);
        destination[3] = HashFields.Write((int)value.Tier);
        destination[4] = HashFields.Write(value.Seen);
    }

    public bool TryRead(ReadOnlySpan<RedisValue> values, [MaybeNullWhen(false)] out HashUser? value)
    {
        value = default;
        if (!HashFields.TryRead(values[0], out int id)) return false;
        if (!HashFields.TryRead(values[1], out string? name)) return false;
        if (!HashFields.TryRead(values[2], out string? nickname)) return false;
        if (!HashFields.TryRead(values[3], out int tier)) return false;
        if (!HashFields.TryRead(values[4], out DateTime seen)) return false;
        value = new HashUser(id, name!, nickname, (Tier)tier, seen);
        return true;
    }
}

/// <summary>
/// <c>Layout = Hash</c> against redis-server: the stored shape (one field per non-null property, the '#h' header, the
/// TTL), hits, single-field reads, and every unreadable state (a string under the key, an invalidation's marker, an
/// older schema, a missing or unparsable field) read as a miss and overwritten; a fill that an invalidation overtook is
/// dropped.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class HashLayoutStoreTests(RedisServerFixture redis)
{
    private const uint Schema = 0x5EED_0010;
    private static readonly DateTime Seen = new(2026, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc);
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    private static CachePolicy<HashUser?> Policy(uint schema = Schema)
        => new("Tests.HashUser", TimeSpan.FromMinutes(10), TimeSpan.Zero, schema, HashLayoutSerializer<HashUser?>.Instance)
        {
            HashMapper = new HashUserMapper(),
        };

    private static HashUser Ann(int id = 1, string? nickname = null) => new(id, "Ann ü", nickname, Tier.Pro, Seen);

    [Fact]
    public async Task Miss_StoresOneFieldPerNonNullProperty_WithHeaderAndTtl_ThenHits()
    {
        var key = Policies.UniqueKey("hash");
        var factory = new CountingFactory<HashUser?>(Ann());
        Assert.Equal(Ann(), await _store.GetOrCreateCountedAsync(key, Policy(), factory));

        var stored = (await redis.Database.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => e.Value);
        Assert.Equal(["#h", "Id", "Name", "Seen", "Tier"], stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1", (string?)stored["Id"]);
        Assert.Equal("Ann ü", (string?)stored["Name"]);
        Assert.Equal("2", (string?)stored["Tier"]);
        Assert.Equal("2026-03-04T05:06:07.8900000Z", (string?)stored["Seen"]);
        Assert.Equal(25, ((byte[])stored["#h"]!).Length); // 24 + one byte of null map for five fields
        var ttl = await redis.Database.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value.TotalSeconds, 590, 600);

        Assert.Equal(Ann(), await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        Assert.Equal(1, factory.Calls);
        var lookup = await _store.TryGetAsync(key, null, Policy());
        Assert.Equal(CacheEntryStatus.Hit, lookup.Status);
        Assert.Equal(Ann(), lookup.Value);
    }

    [Fact]
    public async Task SingleFieldRead_GivesTheField_NullForANullProperty_AndMissingForNoEntry()
    {
        var key = Policies.UniqueKey("hash-field");
        Assert.Equal(CacheEntryStatus.Missing, (await _store.TryGetHashFieldAsync(key, Policy(), 1)).Status);
        await _store.GetOrCreateCountedAsync(key, Policy(), new CountingFactory<HashUser?>(Ann(nickname: "")));

        var name = await _store.TryGetHashFieldAsync(key, Policy(), 1);
        Assert.Equal(CacheEntryStatus.Hit, name.Status);
        Assert.Equal("Ann ü", (string?)name.Value);

        // An empty string is a field holding "", not a null.
        var nickname = await _store.TryGetHashFieldAsync(key, Policy(), 2);
        Assert.Equal(CacheEntryStatus.Hit, nickname.Status);
        Assert.False(nickname.Value.IsNull);
        Assert.Equal("", (string?)nickname.Value);

        var other = Policies.UniqueKey("hash-field-null");
        await _store.GetOrCreateCountedAsync(other, Policy(), new CountingFactory<HashUser?>(Ann()));
        var none = await _store.TryGetHashFieldAsync(other, Policy(), 2);
        Assert.Equal(CacheEntryStatus.Hit, none.Status);
        Assert.True(none.Value.IsNull);
        Assert.Equal(CacheEntryStatus.SchemaMismatch, (await _store.TryGetHashFieldAsync(other, Policy(Schema + 1), 1)).Status);
    }

    public enum Damage
    {
        StringValue,
        Invalidated,
        OtherSchema,
        MissingField,
        UnparsableField,
        NoHeader,
        ExtraNullField,
    }

    [Theory]
    [InlineData(Damage.StringValue, CacheEntryStatus.Foreign)]
    [InlineData(Damage.Invalidated, CacheEntryStatus.Invalidated)]
    [InlineData(Damage.OtherSchema, CacheEntryStatus.SchemaMismatch)]
    [InlineData(Damage.MissingField, CacheEntryStatus.Truncated)]
    [InlineData(Damage.UnparsableField, CacheEntryStatus.Corrupt)]
    [InlineData(Damage.NoHeader, CacheEntryStatus.Foreign)]
    [InlineData(Damage.ExtraNullField, CacheEntryStatus.Truncated)]
    public async Task UnreadableEntry_IsAMiss_AndIsOverwrittenWithAHash(Damage damage, CacheEntryStatus expected)
    {
        var key = Policies.UniqueKey("hash-damaged");
        await _store.GetOrCreateCountedAsync(key, Policy(damage == Damage.OtherSchema ? Schema + 7 : Schema), new CountingFactory<HashUser?>(Ann(1)));
        switch (damage)
        {
            case Damage.StringValue:
                await redis.Database.StringSetAsync(key, "somebody else's value");
                break;
            case Damage.Invalidated:
                Assert.True(await _store.InvalidateAsync(key));
                break;
            case Damage.MissingField:
                await redis.Database.HashDeleteAsync(key, "Name");
                break;
            case Damage.UnparsableField:
                await redis.Database.HashSetAsync(key, "Id", "one");
                break;
            case Damage.NoHeader:
                await redis.Database.HashDeleteAsync(key, "#h");
                break;
            case Damage.ExtraNullField:
                await redis.Database.HashSetAsync(key, "Nickname", "x");
                break;
        }

        Assert.Equal(expected, (await _store.TryGetAsync(key, null, Policy())).Status);
        var factory = new CountingFactory<HashUser?>(Ann(2));
        Assert.Equal(Ann(2), await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        Assert.Equal(Ann(2), await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        Assert.Equal(1, factory.Calls);
        Assert.Equal(RedisType.Hash, await redis.Database.KeyTypeAsync(key));
    }

    [Fact]
    public async Task ForeignHashWithOtherFields_IsAMiss_AndIsOverwritten()
    {
        var key = Policies.UniqueKey("hash-foreign");
        await redis.Database.HashSetAsync(key, [new HashEntry("owner", "someone else")]);
        Assert.Equal(CacheEntryStatus.Missing, (await _store.TryGetAsync(key, null, Policy())).Status);

        var factory = new CountingFactory<HashUser?>(Ann());
        Assert.Equal(Ann(), await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        Assert.Equal(Ann(), await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        Assert.Equal(1, factory.Calls);
        Assert.False(await redis.Database.HashExistsAsync(key, "owner"));
    }

    [Fact]
    public async Task WrongTypeOnASingleFieldRead_IsAMiss()
    {
        var key = Policies.UniqueKey("hash-wrongtype");
        await redis.Database.StringSetAsync(key, "text");
        Assert.Equal(CacheEntryStatus.Foreign, (await _store.TryGetHashFieldAsync(key, Policy(), 1)).Status);
    }

    [Fact]
    public async Task FillOvertakenByAnInvalidation_IsDropped()
    {
        var key = Policies.UniqueKey("hash-race");
        var value = await _store.GetOrCreateAsync(key, null, Policy(), _store, async (store, ct) =>
        {
            await store.InvalidateAsync(key, ct); // a write lands while the core runs
            return (HashUser?)Ann();
        });

        Assert.Equal(Ann(), value);
        Assert.Equal(RedisType.String, await redis.Database.KeyTypeAsync(key)); // the invalidation's marker stays
        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(key, null, Policy())).Status);
    }

    [Fact]
    public async Task WriteThrough_ReplacesEveryField()
    {
        var key = Policies.UniqueKey("hash-set");
        Assert.True(await _store.SetAsync(key, null, Ann(nickname: "annie"), Policy()));
        Assert.Equal("annie", (string?)await redis.Database.HashGetAsync(key, "Nickname"));

        // Nickname is null now: its field must go, not keep the old value.
        Assert.True(await _store.SetAsync(key, null, Ann(), Policy()));
        Assert.False(await redis.Database.HashExistsAsync(key, "Nickname"));
        Assert.Equal(Ann(), (await _store.TryGetAsync(key, null, Policy())).Value);
    }

    [Fact]
    public async Task NullValue_IsCached_AndHasNoFieldToRead()
    {
        var key = Policies.UniqueKey("hash-null");
        var factory = new CountingFactory<HashUser?>(null);
        Assert.Null(await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        Assert.Null(await _store.GetOrCreateCountedAsync(key, Policy(), factory));
        Assert.Equal(1, factory.Calls);
        Assert.Equal(["#h"], (await redis.Database.HashKeysAsync(key)).Select(k => (string?)k));
        Assert.Equal(CacheEntryStatus.Missing, (await _store.TryGetHashFieldAsync(key, Policy(), 1)).Status);
    }

    [Fact]
    public async Task TtlFor_DecidesTheHashTtl_AndZeroStoresNothing()
    {
        var policy = new CachePolicy<HashUser?>("Tests.HashUserTtlFor", TimeSpan.FromMinutes(10), TimeSpan.Zero, Schema, HashLayoutSerializer<HashUser?>.Instance,
            static user => user is null ? TimeSpan.Zero : TimeSpan.FromSeconds(30))
        {
            HashMapper = new HashUserMapper(),
        };
        var key = Policies.UniqueKey("hash-ttlfor");
        await _store.GetOrCreateCountedAsync(key, policy, new CountingFactory<HashUser?>(Ann()));
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync(key))!.Value.TotalSeconds, 25, 30);

        var none = Policies.UniqueKey("hash-ttlfor-null");
        await _store.GetOrCreateCountedAsync(none, policy, new CountingFactory<HashUser?>(null));
        Assert.False(await redis.Database.KeyExistsAsync(none));
    }

    [Fact]
    public async Task Refresh_ReplacesTheHash_AndDistributedFillStoresIt()
    {
        var key = Policies.UniqueKey("hash-refresh");
        await _store.GetOrCreateCountedAsync(key, Policy(), new CountingFactory<HashUser?>(Ann(nickname: "old")));
        var refreshed = await _store.RefreshAsync(key, null, Policy(), 0, static (_, _) => ValueTask.FromResult<HashUser?>(Ann()));
        Assert.Equal(Ann(), refreshed);
        Assert.Equal(Ann(), (await _store.TryGetAsync(key, null, Policy())).Value);
        Assert.False(await redis.Database.HashExistsAsync(key, "Nickname"));

        // The cross-process single flight reads and stores through the same hash paths.
        var distributed = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { DistributedFill = new DistributedFillOptions { Enabled = true } });
        var other = Policies.UniqueKey("hash-distributed");
        var factory = new CountingFactory<HashUser?>(Ann(9));
        Assert.Equal(Ann(9), await distributed.GetOrCreateCountedAsync(other, Policy(), factory));
        Assert.Equal(Ann(9), await _store.GetOrCreateCountedAsync(other, Policy(), factory));
        Assert.Equal(1, factory.Calls);
        Assert.Equal(RedisType.Hash, await redis.Database.KeyTypeAsync(other));
    }

    [Fact]
    public async Task Tags_AreRefused()
        => await Assert.ThrowsAsync<NotSupportedException>(async () =>
            await _store.GetOrCreateAsync(Policies.UniqueKey("hash-tags"), ["t"], Policy(), 0, static (_, _) => ValueTask.FromResult<HashUser?>(null)));
}
