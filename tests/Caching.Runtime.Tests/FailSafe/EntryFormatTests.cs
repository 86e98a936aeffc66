using System;
using System.Buffers.Binary;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.FailSafe;

/// <summary>
/// The refresh-at extension and stale decoding, at the byte level: entries without refresh-ahead keep the version 1
/// layout byte for byte, an entry with it decodes (tagged or not), a damaged one is a miss and never throws, and a
/// stale value is only ever given for an entry that is otherwise valid.
/// </summary>
public sealed class EntryFormatTests
{
    private const long Now = 1_900_000_000_000;
    private static readonly ICacheSerializer<int> Serializer = UnmanagedCacheSerializer<int>.Instance;

    [Fact]
    public void WithoutRefreshAt_TheLayoutIsVersion1_ByteForByte()
    {
        var entry = CacheEntryCodec.Encode(42, Serializer, Policies.IntSchema, Now + 1000);
        Assert.Equal(EntryBytes.Build(Policies.IntSchema, BitConverter.GetBytes(42), logicalExpiryUnixMs: Now + 1000), entry);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WithRefreshAt_ItRoundTrips_AfterTheTagDigest(bool tagged)
    {
        ulong? digest = tagged ? 0x1122_3344_5566_7788UL : null;
        var entry = CacheEntryCodec.Encode(42, Serializer, Policies.IntSchema, Now + 1000, digest, Now + 500);
        Assert.Equal(EntryBytes.HeaderSize + (tagged ? 16 : 8) + 4, entry.Length);
        Assert.Equal(EntryBytes.RefreshAtFlag | (tagged ? 2 : 0), entry[2]);
        Assert.Equal(Now + 500, BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(EntryBytes.HeaderSize + (tagged ? 8 : 0))));

        var status = CacheEntryCodec.TryDecode(entry, Serializer, Policies.IntSchema, Now, 0, digest, out var value, out var stale, out var refreshAt, out _);
        Assert.Equal(CacheEntryStatus.Hit, status);
        Assert.Equal(42, value);
        Assert.False(stale);
        Assert.Equal(Now + 500, refreshAt);
    }

    [Fact]
    public void RefreshAtFlagWithoutItsBytes_IsTruncated_NotAnException()
    {
        var entry = EntryBytes.Build(Policies.IntSchema, BitConverter.GetBytes(42), flags: EntryBytes.RefreshAtFlag, logicalExpiryUnixMs: Now + 1000);
        Assert.Equal(CacheEntryStatus.Truncated, CacheEntryCodec.TryDecode(entry, Serializer, Policies.IntSchema, Now, 0, null, out _, out _, out _, out _));
    }

    [Fact]
    public void ExpiredEntry_IsStaleOnlyInsideTheFailSafeWindow()
    {
        var entry = CacheEntryCodec.Encode(42, Serializer, Policies.IntSchema, Now);
        Assert.Equal(CacheEntryStatus.Expired, CacheEntryCodec.TryDecode(entry, Serializer, Policies.IntSchema, Now + 10, 100, null, out var value, out var stale, out _, out _));
        Assert.True(stale);
        Assert.Equal(42, value);

        Assert.Equal(CacheEntryStatus.Expired, CacheEntryCodec.TryDecode(entry, Serializer, Policies.IntSchema, Now + 100, 100, null, out _, out stale, out _, out _));
        Assert.False(stale);
        Assert.Equal(CacheEntryStatus.Expired, CacheEntryCodec.TryDecode(entry, Serializer, Policies.IntSchema, Now + 10, 0, null, out _, out stale, out _, out _));
        Assert.False(stale);
    }

    [Fact]
    public void MarkersTagInvalidatedMismatchedAndCorruptEntries_AreNeverStale()
    {
        Assert.Equal(CacheEntryStatus.Invalidated, Decode(CacheEntryCodec.Tombstone(), null, out var stale));
        Assert.False(stale);

        var tagged = CacheEntryCodec.Encode(42, Serializer, Policies.IntSchema, Now, 7UL);
        Assert.Equal(CacheEntryStatus.TagInvalidated, Decode(tagged, 8UL, out stale));
        Assert.False(stale);

        var otherSchema = CacheEntryCodec.Encode(42, Serializer, Policies.IntSchema + 1, Now);
        Assert.Equal(CacheEntryStatus.SchemaMismatch, Decode(otherSchema, null, out stale));
        Assert.False(stale);

        var corrupt = EntryBytes.Build(Policies.IntSchema, [1, 2, 3], logicalExpiryUnixMs: Now);
        Assert.Equal(CacheEntryStatus.Corrupt, Decode(corrupt, null, out stale));
        Assert.False(stale);
    }

    private static CacheEntryStatus Decode(byte[] entry, ulong? digest, out bool stale)
        => CacheEntryCodec.TryDecode(entry, Serializer, Policies.IntSchema, Now + 10, 1000, digest, out _, out stale, out _, out _);
}
