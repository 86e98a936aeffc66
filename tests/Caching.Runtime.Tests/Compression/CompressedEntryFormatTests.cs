using System;
using System.Buffers.Binary;
using System.Linq;
using System.Text;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.Compression;

/// <summary>
/// <c>CompressAbove</c> at the byte level: only payloads above the threshold that LZ4 shrinks are compressed; a
/// compressed entry round-trips with every other extension; a damaged one is a miss and never throws; an unknown flag
/// is foreign; and a reader that predates the flag sees a compressed entry as truncated.
/// </summary>
public sealed class CompressedEntryFormatTests
{
    private const long Now = 1_900_000_000_000;
    private const byte CompressedFlag = 16;
    private static readonly ICacheSerializer<string> Serializer = StringCacheSerializer.Instance;

    // 1,900 bytes of repetitive text: compresses well.
    private static readonly string Text = string.Concat(Enumerable.Range(0, 100).Select(i => $"{{\"id\":{i % 10},\"name\":\"x\"}}"));

    [Fact]
    public void AtOrBelowTheThreshold_TheEntryIsNotCompressed_ByteForByte()
    {
        var payload = Encoding.UTF8.GetBytes(Text);
        var entry = CacheEntryCodec.Encode(Text, Serializer, Policies.StringSchema, Now + 1000, compressAbove: payload.Length);
        Assert.Equal(EntryBytes.Build(Policies.StringSchema, payload, logicalExpiryUnixMs: Now + 1000), entry);
    }

    [Fact]
    public void AboveTheThreshold_TheEntryIsFlagged_Smaller_AndRoundTrips()
    {
        var payloadLength = Encoding.UTF8.GetByteCount(Text);
        Assert.Equal(1_900, payloadLength);
        var entry = CacheEntryCodec.Encode(Text, Serializer, Policies.StringSchema, Now + 1000, compressAbove: 1024);

        Assert.Equal(CompressedFlag, entry[2]);
        Assert.True(entry.Length < 200, $"{entry.Length} bytes");
        Assert.Equal(payloadLength, BinaryPrimitives.ReadInt32LittleEndian(entry.AsSpan(EntryBytes.HeaderSize)));
        // The declared payload is the compressed block, without the 4-byte length before it.
        Assert.Equal(entry.Length - EntryBytes.HeaderSize - 4, EntryBytes.PayloadLength(entry));

        Assert.Equal(CacheEntryStatus.Hit, CacheEntryCodec.TryDecode(entry, Serializer, Policies.StringSchema, Now, null, out var value, out var error));
        Assert.Null(error);
        Assert.Equal(Text, value);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void WithTagDigestAndRefreshAt_ItRoundTrips(bool tagged, bool refreshAhead)
    {
        ulong? digest = tagged ? 0x1122_3344_5566_7788UL : null;
        long? refreshAt = refreshAhead ? Now + 500 : null;
        var entry = CacheEntryCodec.Encode(Text, Serializer, Policies.StringSchema, Now + 1000, digest, refreshAt, compressAbove: 100);
        var extensions = (tagged ? 8 : 0) + (refreshAhead ? 8 : 0);
        Assert.Equal(CompressedFlag | (tagged ? 2 : 0) | (refreshAhead ? EntryBytes.RefreshAtFlag : 0), entry[2]);
        Assert.Equal(1_900, BinaryPrimitives.ReadInt32LittleEndian(entry.AsSpan(EntryBytes.HeaderSize + extensions)));

        var status = CacheEntryCodec.TryDecode(entry, Serializer, Policies.StringSchema, Now, 0, digest, out var value, out _, out var decodedRefreshAt, out _);
        Assert.Equal(CacheEntryStatus.Hit, status);
        Assert.Equal(Text, value);
        Assert.Equal(refreshAt ?? 0, decodedRefreshAt);
        Assert.Equal(refreshAt ?? 0, CacheEntryCodec.RefreshAt(entry));
    }

    [Fact]
    public void IncompressiblePayload_IsStoredAsItIs()
    {
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        var entry = CacheEntryCodec.Encode(random, ByteArrayCacheSerializer.Instance, 1u, Now + 1000, compressAbove: 100);
        Assert.Equal(0, entry[2]);
        Assert.Equal(EntryBytes.HeaderSize + 4096, entry.Length);
    }

    [Fact]
    public void ZeroThreshold_NeverCompresses()
    {
        var entry = CacheEntryCodec.Encode(Text, Serializer, Policies.StringSchema, Now + 1000, compressAbove: 0);
        Assert.Equal(0, entry[2]);
    }

    [Fact]
    public void NullValue_IsNotCompressed()
    {
        var entry = CacheEntryCodec.Encode<string?>(null, Serializer!, Policies.StringSchema, Now + 1000, compressAbove: 1);
        Assert.Equal(EntryBytes.NullFlag, entry[2]);
        Assert.Equal(EntryBytes.HeaderSize, entry.Length);
    }

    public enum Damage
    {
        LengthTooLarge,
        LengthTooSmall,
        LengthNegative,
        BlockTruncated,
        BlockGarbage,
    }

    [Theory]
    [InlineData(Damage.LengthTooLarge)]
    [InlineData(Damage.LengthTooSmall)]
    [InlineData(Damage.LengthNegative)]
    [InlineData(Damage.BlockTruncated)]
    [InlineData(Damage.BlockGarbage)]
    public void DamagedCompressedEntry_IsCorrupt_NotAnException(Damage damage)
    {
        var entry = CacheEntryCodec.Encode(Text, Serializer, Policies.StringSchema, Now + 1000, compressAbove: 100);
        var lengthAt = EntryBytes.HeaderSize;
        switch (damage)
        {
            case Damage.LengthTooLarge:
                BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(lengthAt), int.MaxValue);
                break;
            case Damage.LengthTooSmall:
                BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(lengthAt), 1_000);
                break;
            case Damage.LengthNegative:
                BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(lengthAt), -5);
                break;
            case Damage.BlockTruncated:
                // A block cut short, with the header's length made to match so only the codec can notice.
                entry = entry.AsSpan(0, entry.Length - 10).ToArray();
                BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(16), entry.Length - EntryBytes.HeaderSize - 4);
                break;
            case Damage.BlockGarbage:
                entry.AsSpan(lengthAt + 4).Fill(0xFF);
                break;
        }

        var status = CacheEntryCodec.TryDecode(entry, Serializer, Policies.StringSchema, Now, null, out var value, out _);
        Assert.Equal(CacheEntryStatus.Corrupt, status);
        Assert.Null(value);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    public void UnknownFlag_IsForeign(byte flag)
    {
        var entry = EntryBytes.Build(Policies.StringSchema, "abc"u8, flags: flag);
        Assert.Equal(CacheEntryStatus.Foreign, CacheEntryCodec.TryDecode(entry, Serializer, Policies.StringSchema, Now, null, out _, out _));
    }

    [Fact]
    public void AReaderThatPredatesTheFlag_SeesACompressedEntryAsTruncated()
    {
        // The version 1 rule before CompressAbove: declared payload length == bytes after the header and the tag and
        // refresh-at extensions. The 4-byte uncompressed length breaks that equality, so the old reader misses.
        var entry = CacheEntryCodec.Encode(Text, Serializer, Policies.StringSchema, Now + 1000, compressAbove: 100);
        Assert.NotEqual(entry.Length - EntryBytes.HeaderSize, EntryBytes.PayloadLength(entry));
    }
}
