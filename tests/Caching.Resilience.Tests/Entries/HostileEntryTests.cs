using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Resilience.Tests.Entries;

/// <summary>
/// Issue 8, hostile entries, end to end through generated <c>[Cached]</c> methods: whatever is under the key (another
/// application's value of any type, a truncated or corrupt entry, an entry of an older shape of the type), the call
/// is a miss answered by the core, never an exception, logged once as <c>EntryUnreadable</c>, and the key is
/// overwritten with a good entry that a fresh process reads as a hit.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class HostileEntryTests(RedisServerFixture redis)
{
    private readonly string _prefix = "he" + Guid.NewGuid().ToString("N")[..10];

    private IDatabase Db => redis.Database;

    [Theory]
    [InlineData(StringDamage.RandomBytes)]
    [InlineData(StringDamage.EmptyValue)]
    [InlineData(StringDamage.PlainString)]
    [InlineData(StringDamage.JsonOfAnotherShape)]
    [InlineData(StringDamage.MagicFlipped)]
    [InlineData(StringDamage.VersionFlipped)]
    [InlineData(StringDamage.UnknownFlagSet)]
    [InlineData(StringDamage.SchemaFlipped)]
    [InlineData(StringDamage.PayloadLengthFlipped)]
    [InlineData(StringDamage.PayloadFirstByteFlipped)]
    [InlineData(StringDamage.PayloadLastByteFlipped)]
    [InlineData(StringDamage.TruncatedByOne)]
    [InlineData(StringDamage.TruncatedInHeader)]
    [InlineData(StringDamage.OneTrailingByte)]
    [InlineData(StringDamage.HashAtTheKey)]
    [InlineData(StringDamage.ListAtTheKey)]
    [InlineData(StringDamage.SetAtTheKey)]
    public async Task StringLayout_DamagedEntry_IsAMiss_LoggedOnce_AndOverwritten(StringDamage damage)
    {
        var log = new ListLogger();
        var repository = new HostileEntryRepository(NewStore(log));
        Assert.Equal(HostileEntryRepository.Item(3), await repository.GetItemAsync(3));
        var key = await EntryInspection.OnlyKeyAsync(redis.Multiplexer, _prefix + ":hostile:item:3#*");
        var good = await EntryInspection.AssertGoodStringEntryAsync(Db, key);

        await StringLayoutDamage.ApplyAsync(Db, key, good, damage);

        Assert.Equal(HostileEntryRepository.Item(3), await repository.GetItemAsync(3));
        Assert.Equal(2, repository.ItemCalls);
        var rewritten = await EntryInspection.AssertGoodStringEntryAsync(Db, key);
        Assert.Equal(good.AsSpan(2, 6).ToArray(), rewritten.AsSpan(2, 6).ToArray()); // flags and schema hash
        Assert.Equal(good.AsSpan(16).ToArray(), rewritten.AsSpan(16).ToArray()); // length and payload
        Assert.Equal(HostileEntryRepository.Item(3), await repository.GetItemAsync(3));
        Assert.Equal(2, repository.ItemCalls);
        await AssertAFreshProcessHitsAsync(r => r.GetItemAsync(3), r => r.ItemCalls, HostileEntryRepository.Item(3));
        AssertLoggedOnceAsUnreadable(log);
    }

    [Theory]
    [InlineData(CompressedDamage.BlockTruncated)]
    [InlineData(CompressedDamage.BlockMiddleFlipped)]
    [InlineData(CompressedDamage.BlockFirstByteFlipped)]
    [InlineData(CompressedDamage.UncompressedLengthHuge)]
    [InlineData(CompressedDamage.UncompressedLengthSmaller)]
    [InlineData(CompressedDamage.CompressedFlagCleared)]
    public async Task CompressedEntry_Damaged_IsAMiss_LoggedOnce_AndOverwritten(CompressedDamage damage)
    {
        var log = new ListLogger();
        var repository = new HostileEntryRepository(NewStore(log));
        var expected = HostileEntryRepository.Item(4, 4000);
        Assert.Equal(expected, await repository.GetBigItemAsync(4));
        var key = await EntryInspection.OnlyKeyAsync(redis.Multiplexer, _prefix + ":hostile:big:4#*");
        var good = await EntryInspection.AssertGoodStringEntryAsync(Db, key);
        Assert.Equal(0x10, good[2] & 0x10);
        Assert.True(good.Length < 2000, $"a 4,000-character note compresses: entry of {good.Length} bytes");

        await StringLayoutDamage.ApplyAsync(Db, key, good, damage);

        Assert.Equal(expected, await repository.GetBigItemAsync(4));
        Assert.Equal(2, repository.BigCalls);
        var rewritten = await EntryInspection.AssertGoodStringEntryAsync(Db, key);
        Assert.Equal(good.AsSpan(16).ToArray(), rewritten.AsSpan(16).ToArray());
        Assert.Equal(expected, await repository.GetBigItemAsync(4));
        Assert.Equal(2, repository.BigCalls);
        await AssertAFreshProcessHitsAsync(r => r.GetBigItemAsync(4), r => r.BigCalls, expected);
        AssertLoggedOnceAsUnreadable(log);
    }

    /// <summary>
    /// The previous deploy's entries live under the previous schema hash: the new deploy never reads them (a miss,
    /// not a garbled value), leaves them to expire by their TTL, and writes its own next to them.
    /// </summary>
    [Fact]
    public async Task OldSchemaEntry_UnderTheOldKey_IsNeverRead_AndExpiresOnItsOwn()
    {
        var log = new ListLogger();
        var previous = new HostileEntryRepositoryV1(NewStore(log));
        Assert.Equal(new HostileItemV1(5, "old item 5"), await previous.GetItemAsync(5));
        var oldKey = await EntryInspection.OnlyKeyAsync(redis.Multiplexer, _prefix + ":hostile:item:5#*");

        var current = new HostileEntryRepository(NewStore(log));
        Assert.Equal(HostileEntryRepository.Item(5), await current.GetItemAsync(5));
        Assert.Equal(1, current.ItemCalls);

        var keys = await EntryInspection.KeysAsync(redis.Multiplexer, _prefix + ":hostile:item:5#*");
        Assert.Equal(2, keys.Count);
        var newKey = keys.Single(k => k != oldKey);
        Assert.NotEqual(((string)oldKey!)[^8..], ((string)newKey!)[^8..]);
        var oldEntry = await EntryInspection.AssertGoodStringEntryAsync(Db, oldKey);
        var newEntry = await EntryInspection.AssertGoodStringEntryAsync(Db, newKey);
        Assert.NotEqual(oldEntry.AsSpan(4, 4).ToArray(), newEntry.AsSpan(4, 4).ToArray());
        Assert.Equal(HostileEntryRepository.Item(5), await current.GetItemAsync(5));
        Assert.Equal(new HostileItemV1(5, "old item 5"), await previous.GetItemAsync(5));
        Assert.Equal(1, current.ItemCalls);
        Assert.Equal(1, previous.ItemCalls);
        Assert.False(log.EventNames.Any(e => e != "SubscriptionReady"), "log:\n" + log);
    }

    /// <summary>
    /// An old-schema entry at the new key (the schema suffix kept while the header's hash differs, as when a key was
    /// copied or the suffix collided): the header's schema hash rejects it, and it is overwritten.
    /// </summary>
    [Fact]
    public async Task OldSchemaEntry_AtTheNewKey_IsAMiss_AndOverwritten()
    {
        var log = new ListLogger();
        var previous = new HostileEntryRepositoryV1(NewStore(log));
        await previous.GetItemAsync(6);
        var oldKey = await EntryInspection.OnlyKeyAsync(redis.Multiplexer, _prefix + ":hostile:item:6#*");
        var oldEntry = (byte[])(await Db.StringGetAsync(oldKey))!;

        var current = new HostileEntryRepository(NewStore(log));
        await current.GetItemAsync(6);
        var newKey = (await EntryInspection.KeysAsync(redis.Multiplexer, _prefix + ":hostile:item:6#*")).Single(k => k != oldKey);
        var good = await EntryInspection.AssertGoodStringEntryAsync(Db, newKey);
        await Db.StringSetAsync(newKey, oldEntry, TimeSpan.FromMinutes(10));

        Assert.Equal(HostileEntryRepository.Item(6), await current.GetItemAsync(6));
        Assert.Equal(2, current.ItemCalls);
        var rewritten = await EntryInspection.AssertGoodStringEntryAsync(Db, newKey);
        Assert.Equal(good.AsSpan(16).ToArray(), rewritten.AsSpan(16).ToArray());
        await AssertAFreshProcessHitsAsync(r => r.GetItemAsync(6), r => r.ItemCalls, HostileEntryRepository.Item(6));
        Assert.Contains("SchemaMismatch", log.ToString(), StringComparison.Ordinal);
        AssertLoggedOnceAsUnreadable(log);
    }

    [Theory]
    [InlineData(HashDamage.NoHeaderField)]
    [InlineData(HashDamage.HeaderMagicFlipped)]
    [InlineData(HashDamage.HeaderSchemaFlipped)]
    [InlineData(HashDamage.HeaderTruncated)]
    [InlineData(HashDamage.HeaderRandomBytes)]
    [InlineData(HashDamage.FieldMissing)]
    [InlineData(HashDamage.FieldUnparseable)]
    [InlineData(HashDamage.PlainStringAtTheKey)]
    [InlineData(HashDamage.StringEntryOfOursAtTheKey)]
    [InlineData(HashDamage.ListAtTheKey)]
    public async Task HashLayout_DamagedEntry_IsAMiss_LoggedOnce_AndOverwritten(HashDamage damage)
    {
        var log = new ListLogger();
        var repository = new HostileEntryRepository(NewStore(log));
        Assert.Equal(HostileEntryRepository.Card(7), await repository.GetCardAsync(7));
        var key = await EntryInspection.OnlyKeyAsync(redis.Multiplexer, _prefix + ":hostile:card:7#*");
        string[] fields = ["Id", "Name", "Points"];
        await EntryInspection.AssertGoodHashEntryAsync(Db, key, fields);

        await HashLayoutDamage.ApplyAsync(Db, key, damage);

        Assert.Equal(HostileEntryRepository.Card(7), await repository.GetCardAsync(7));
        Assert.Equal(2, repository.CardCalls);
        await EntryInspection.AssertGoodHashEntryAsync(Db, key, fields);
        Assert.Equal(HostileEntryRepository.Card(7), await repository.GetCardAsync(7));
        Assert.Equal(2, repository.CardCalls);
        await AssertAFreshProcessHitsAsync(r => r.GetCardAsync(7), r => r.CardCalls, HostileEntryRepository.Card(7));
        AssertLoggedOnceAsUnreadable(log);
    }

    /// <summary>
    /// A tagged entry is read with its tag's stamp by MGET, which answers nil (not WRONGTYPE) for a key of another
    /// type: the read is a plain miss, so nothing is logged, but the fill must still replace that key.
    /// </summary>
    [Theory]
    [InlineData(StringDamage.RandomBytes, true)]
    [InlineData(StringDamage.SchemaFlipped, true)]
    [InlineData(StringDamage.TruncatedByOne, true)]
    [InlineData(StringDamage.HashAtTheKey, false)]
    [InlineData(StringDamage.ListAtTheKey, false)]
    public async Task TaggedEntry_Damaged_IsAMiss_AndOverwritten(StringDamage damage, bool logged)
    {
        var log = new ListLogger();
        var repository = new HostileEntryRepository(NewStore(log));
        Assert.Equal(HostileEntryRepository.Item(9), await repository.GetTaggedItemAsync(9));
        var key = await EntryInspection.OnlyKeyAsync(redis.Multiplexer, _prefix + ":hostile:tagged:9#*");
        var good = await EntryInspection.AssertGoodStringEntryAsync(Db, key);

        await StringLayoutDamage.ApplyAsync(Db, key, good, damage);

        Assert.Equal(HostileEntryRepository.Item(9), await repository.GetTaggedItemAsync(9));
        Assert.Equal(2, repository.TaggedCalls);
        var rewritten = await EntryInspection.AssertGoodStringEntryAsync(Db, key);
        Assert.Equal(good.AsSpan(16).ToArray(), rewritten.AsSpan(16).ToArray());
        Assert.Equal(HostileEntryRepository.Item(9), await repository.GetTaggedItemAsync(9));
        Assert.Equal(2, repository.TaggedCalls);
        await AssertAFreshProcessHitsAsync(r => r.GetTaggedItemAsync(9), r => r.TaggedCalls, HostileEntryRepository.Item(9));
        if (logged)
        {
            AssertLoggedOnceAsUnreadable(log);
        }
        else
        {
            Assert.False(log.EventNames.Any(e => e != "SubscriptionReady"), "log:\n" + log);
        }
    }

    [Theory]
    [InlineData(StringDamage.RandomBytes)]
    [InlineData(StringDamage.TruncatedByOne)]
    [InlineData(StringDamage.HashAtTheKey)]
    [InlineData(StringDamage.ListAtTheKey)]
    public async Task SyncMethod_DamagedEntry_IsAMiss_LoggedOnce_AndOverwritten(StringDamage damage)
    {
        var log = new ListLogger();
        var repository = new HostileEntryRepository(NewStore(log));
        Assert.Equal(HostileEntryRepository.Item(11), repository.GetItemNow(11));
        var key = await EntryInspection.OnlyKeyAsync(redis.Multiplexer, _prefix + ":hostile:sync:11#*");
        var good = await EntryInspection.AssertGoodStringEntryAsync(Db, key);

        await StringLayoutDamage.ApplyAsync(Db, key, good, damage);

        Assert.Equal(HostileEntryRepository.Item(11), repository.GetItemNow(11));
        Assert.Equal(2, repository.SyncCalls);
        var rewritten = await EntryInspection.AssertGoodStringEntryAsync(Db, key);
        Assert.Equal(good.AsSpan(16).ToArray(), rewritten.AsSpan(16).ToArray());
        Assert.Equal(HostileEntryRepository.Item(11), repository.GetItemNow(11));
        Assert.Equal(2, repository.SyncCalls);
        AssertLoggedOnceAsUnreadable(log);
    }

    /// <summary>A batch reads with MGET: a key of another type reads as nil (a plain miss), and is replaced all the same.</summary>
    [Theory]
    [InlineData(StringDamage.RandomBytes, true)]
    [InlineData(StringDamage.SchemaFlipped, true)]
    [InlineData(StringDamage.HashAtTheKey, false)]
    [InlineData(StringDamage.ListAtTheKey, false)]
    public async Task BatchMethod_DamagedEntry_IsAMiss_AndOverwritten(StringDamage damage, bool logged)
    {
        var log = new ListLogger();
        var repository = new HostileEntryRepository(NewStore(log));
        Assert.Equal(3, (await repository.GetItemsAsync([21, 22, 23])).Count);
        Assert.Equal(3, repository.BatchCalls);
        var key = await EntryInspection.OnlyKeyAsync(redis.Multiplexer, _prefix + ":hostile:many:22#*");
        var good = await EntryInspection.AssertGoodStringEntryAsync(Db, key);

        await StringLayoutDamage.ApplyAsync(Db, key, good, damage);

        var items = await repository.GetItemsAsync([21, 22, 23]);
        Assert.Equal([HostileEntryRepository.Item(21), HostileEntryRepository.Item(22), HostileEntryRepository.Item(23)], items.OrderBy(p => p.Key).Select(p => p.Value));
        Assert.Equal(4, repository.BatchCalls); // only the damaged one was loaded again
        var rewritten = await EntryInspection.AssertGoodStringEntryAsync(Db, key);
        Assert.Equal(good.AsSpan(16).ToArray(), rewritten.AsSpan(16).ToArray());
        Assert.Equal(3, (await repository.GetItemsAsync([21, 22, 23])).Count);
        Assert.Equal(4, repository.BatchCalls);
        if (logged)
        {
            AssertLoggedOnceAsUnreadable(log);
        }
        else
        {
            Assert.False(log.EventNames.Any(e => e != "SubscriptionReady"), "log:\n" + log);
        }
    }

    /// <summary>
    /// With L1 on: a process whose L1 is empty (a fresh one) meets the damaged entry, answers from the core, overwrites
    /// it and keeps the good value in L1; a third process then hits the repaired entry in Redis.
    /// </summary>
    [Theory]
    [InlineData(StringDamage.RandomBytes)]
    [InlineData(StringDamage.SchemaFlipped)]
    [InlineData(StringDamage.TruncatedByOne)]
    [InlineData(StringDamage.ListAtTheKey)]
    public async Task LocalCache_DamagedEntry_IsAMiss_AndOverwritten_ForEveryProcess(StringDamage damage)
    {
        var first = new HostileEntryRepository(NewStore(new ListLogger()));
        Assert.Equal(HostileEntryRepository.Item(8), await first.GetLocalItemAsync(8));
        var key = await EntryInspection.OnlyKeyAsync(redis.Multiplexer, _prefix + ":hostile:local:8#*");
        var good = await EntryInspection.AssertGoodStringEntryAsync(Db, key);
        await StringLayoutDamage.ApplyAsync(Db, key, good, damage);

        var log = new ListLogger();
        var second = new HostileEntryRepository(NewStore(log));
        Assert.Equal(HostileEntryRepository.Item(8), await second.GetLocalItemAsync(8));
        Assert.Equal(1, second.LocalCalls);
        var rewritten = await EntryInspection.AssertGoodStringEntryAsync(Db, key);
        Assert.Equal(good.AsSpan(16).ToArray(), rewritten.AsSpan(16).ToArray());
        Assert.Equal(HostileEntryRepository.Item(8), await second.GetLocalItemAsync(8));
        Assert.Equal(1, second.LocalCalls);
        AssertLoggedOnceAsUnreadable(log);

        await AssertAFreshProcessHitsAsync(r => r.GetLocalItemAsync(8), r => r.LocalCalls, HostileEntryRepository.Item(8));
    }

    private RedisCacheStore NewStore(ListLogger log)
        => new(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = _prefix }, log);

    // Another process: its own store and L1, the same Redis. A hit there proves the entry in Redis decodes.
    private async Task AssertAFreshProcessHitsAsync<T>(Func<HostileEntryRepository, Task<T>> call, Func<HostileEntryRepository, int> calls, T expected)
    {
        var log = new ListLogger();
        var fresh = new HostileEntryRepository(NewStore(log));
        Assert.Equal(expected, await call(fresh));
        Assert.Equal(0, calls(fresh));
        Assert.False(log.EventNames.Any(e => e != "SubscriptionReady"), "log:\n" + log);
    }

    // Exactly one EntryUnreadable for the damaged read, and nothing that says Redis failed: WRONGTYPE and friends
    // are an unreadable entry, not an outage.
    private static void AssertLoggedOnceAsUnreadable(ListLogger log)
    {
        Assert.True(log.EventNames.Where(e => e != "SubscriptionReady").SequenceEqual(["EntryUnreadable"]), "log:\n" + log);
    }
}
