using System;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>The argument payload of a queued call: what generated code writes, the handler reads back.</summary>
public sealed class WriteBehindArgumentsTests
{
    private static readonly JsonCacheSerializer<Product> ProductSerializer = new(TestJsonContext.Default.Product);
    private static readonly NullableCacheSerializer<int> NullableInt = new(UnmanagedCacheSerializer<int>.Instance);

    [Fact]
    public void Arguments_RoundTrip_InOrder_WithTheirOwnSerializers()
    {
        var payload = new WriteBehindArguments()
            .Write(42, UnmanagedCacheSerializer<int>.Instance)
            .Write("grüße", StringCacheSerializer.Instance)
            .Write(Policies.SampleProduct(3), ProductSerializer)
            .Write(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), UnmanagedCacheSerializer<Guid>.Instance)
            .Write(Array.Empty<byte>(), ByteArrayCacheSerializer.Instance)
            .Write((int?)7, NullableInt)
            .ToMemory();

        var reader = new WriteBehindArgumentReader(payload);
        Assert.Equal(42, reader.Read(UnmanagedCacheSerializer<int>.Instance));
        Assert.Equal("grüße", reader.Read(StringCacheSerializer.Instance));
        Assert.Equal(Policies.SampleProduct(3), reader.Read(ProductSerializer));
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), reader.Read(UnmanagedCacheSerializer<Guid>.Instance));
        Assert.Empty(reader.Read(ByteArrayCacheSerializer.Instance));
        Assert.Equal(7, reader.Read(NullableInt));
        reader.EnsureEnd();
    }

    [Fact]
    public void Nulls_RoundTrip_AsNull_NotAsEmpty()
    {
        var payload = new WriteBehindArguments()
            .Write((string?)null, StringCacheSerializer.Instance)
            .Write("", StringCacheSerializer.Instance)
            .Write((byte[]?)null, ByteArrayCacheSerializer.Instance)
            .Write((int?)null, NullableInt)
            .Write((Product?)null, ProductSerializer)
            .ToMemory();

        var reader = new WriteBehindArgumentReader(payload);
        Assert.Null(reader.Read(StringCacheSerializer.Instance));
        Assert.Equal("", reader.Read(StringCacheSerializer.Instance));
        Assert.Null(reader.Read(ByteArrayCacheSerializer.Instance));
        Assert.Null(reader.Read(NullableInt));
        Assert.Null(reader.Read(ProductSerializer));
        reader.EnsureEnd();
    }

    [Fact]
    public void NoArguments_IsAnEmptyPayload()
    {
        Assert.True(new WriteBehindArguments().ToMemory().IsEmpty);
        new WriteBehindArgumentReader(ReadOnlyMemory<byte>.Empty).EnsureEnd();
    }

    [Fact]
    public void TruncatedPayload_ThrowsFormatException()
    {
        var payload = new WriteBehindArguments()
            .Write(1, UnmanagedCacheSerializer<int>.Instance)
            .Write("a longer argument", StringCacheSerializer.Instance)
            .ToMemory();

        for (var length = 0; length < payload.Length; length++)
        {
            var reader = new WriteBehindArgumentReader(payload[..length]);
            Assert.Throws<FormatException>(() =>
            {
                reader.Read(UnmanagedCacheSerializer<int>.Instance);
                reader.Read(StringCacheSerializer.Instance);
            });
        }
    }

    [Fact]
    public void NegativeLengthOtherThanNull_ThrowsFormatException()
    {
        byte[] payload = [0xFE, 0xFF, 0xFF, 0xFF, 1, 2]; // -2
        Assert.Throws<FormatException>(() => new WriteBehindArgumentReader(payload).Read(ByteArrayCacheSerializer.Instance));
    }

    [Fact]
    public void PayloadWithMoreArgumentsThanRead_FailsEnsureEnd()
    {
        var payload = new WriteBehindArguments()
            .Write(1, UnmanagedCacheSerializer<int>.Instance)
            .Write(2, UnmanagedCacheSerializer<int>.Instance)
            .ToMemory();
        var reader = new WriteBehindArgumentReader(payload);
        reader.Read(UnmanagedCacheSerializer<int>.Instance);

        var error = Assert.Throws<FormatException>(reader.EnsureEnd);
        Assert.Contains("8 bytes more", error.Message);
    }
}
