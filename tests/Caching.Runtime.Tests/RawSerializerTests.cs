using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests;

public sealed class RawSerializerTests
{
    private enum Size : long
    {
        Small = 1,
        Huge = long.MaxValue,
    }

    [Fact]
    public void Integers_RoundTrip()
    {
        AssertRoundTrips(0, 1, -1, int.MinValue, int.MaxValue);
        AssertRoundTrips(0L, long.MinValue, long.MaxValue, 1L << 40);
    }

    [Fact]
    public void Doubles_RoundTripBitForBit()
    {
        foreach (var value in new[] { 0.0, -0.0, 1.5, -1e308, double.Epsilon, double.NaN, double.PositiveInfinity })
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(RoundTrip(UnmanagedCacheSerializer<double>.Instance, value)));
        }
    }

    [Fact]
    public void Decimal_RoundTripsWithItsScale()
    {
        AssertRoundTrips(0m, 1.10m, -79228162514264337593543950335m, 0.0000000001m);
        Assert.Equal("1.10", RoundTrip(UnmanagedCacheSerializer<decimal>.Instance, 1.10m).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Guid_RoundTrips() => AssertRoundTrips(Guid.Empty, Guid.NewGuid(), Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"));

    [Fact]
    public void DateTime_RoundTripsWithItsKind()
    {
        foreach (var value in new[] { DateTime.MinValue, DateTime.UtcNow, new DateTime(2024, 2, 29, 1, 2, 3, DateTimeKind.Local), DateTime.MaxValue })
        {
            var back = RoundTrip(UnmanagedCacheSerializer<DateTime>.Instance, value);
            Assert.Equal(value, back);
            Assert.Equal(value.Kind, back.Kind);
        }
    }

    [Fact]
    public void DateTimeOffset_RoundTripsWithItsOffset()
    {
        var value = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(5.5));
        var back = RoundTrip(UnmanagedCacheSerializer<DateTimeOffset>.Instance, value);

        Assert.Equal(value, back);
        Assert.Equal(value.Offset, back.Offset);
    }

    [Fact]
    public void SmallValueTypes_RoundTrip()
    {
        AssertRoundTrips(TimeSpan.Zero, TimeSpan.FromTicks(-1), TimeSpan.MaxValue);
        AssertRoundTrips(true, false);
        AssertRoundTrips('a', 'é', '\0', '\uFFFF');
        AssertRoundTrips(Size.Small, Size.Huge, (Size)(-5));
        AssertRoundTrips(DayOfWeek.Sunday, DayOfWeek.Saturday);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    public void IntPayloadOfTheWrongLength_Throws(int length)
        => Assert.Throws<FormatException>(() => UnmanagedCacheSerializer<int>.Instance.Deserialize(new byte[length]));

    [Fact]
    public void OtherWrongLengths_Throw()
    {
        Assert.Throws<FormatException>(() => UnmanagedCacheSerializer<Guid>.Instance.Deserialize(new byte[15]));
        Assert.Throws<FormatException>(() => UnmanagedCacheSerializer<decimal>.Instance.Deserialize(new byte[17]));
        Assert.Throws<FormatException>(() => UnmanagedCacheSerializer<bool>.Instance.Deserialize([]));
        Assert.Throws<FormatException>(() => UnmanagedCacheSerializer<long>.Instance.Deserialize(new byte[4]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain ascii")]
    [InlineData("Grüße, Zoë")]
    [InlineData("日本語のキー")]
    [InlineData("emoji 😀 and \0 nul")]
    public void String_RoundTripsAsUtf8(string value)
    {
        var bytes = Serialize(StringCacheSerializer.Instance, value);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(value), bytes);
        Assert.Equal(value, StringCacheSerializer.Instance.Deserialize(bytes));
    }

    [Fact]
    public void String_RejectsInvalidUtf8()
        => Assert.ThrowsAny<ArgumentException>(() => StringCacheSerializer.Instance.Deserialize([0x61, 0xC3]));

    [Fact]
    public void String_RejectsAnUnpairedSurrogate()
        => Assert.ThrowsAny<ArgumentException>(() => Serialize(StringCacheSerializer.Instance, "a\uD800b"));

    [Fact]
    public void ByteArray_RoundTrips()
    {
        var random = new byte[1000];
        new Random(1).NextBytes(random);
        foreach (var value in new[] { Array.Empty<byte>(), new byte[] { 0, 1, 255 }, random })
        {
            Assert.Equal(value, RoundTrip(ByteArrayCacheSerializer.Instance, value));
        }
    }

    [Fact]
    public void NullableInt_RoundTripsThroughTheIntSerializer()
    {
        var serializer = new NullableCacheSerializer<int>(UnmanagedCacheSerializer<int>.Instance);

        Assert.Equal(-7, RoundTrip(serializer, -7));
        Assert.Equal(4, Serialize(serializer, 1).Length);
    }

    [Fact]
    public void Json_RoundTripsThroughTheSourceGeneratedContext()
    {
        var serializer = new JsonCacheSerializer<Product>(TestJsonContext.Default.Product);

        Assert.Equal(Policies.SampleProduct(5), RoundTrip(serializer, Policies.SampleProduct(5)));
    }

    private static void AssertRoundTrips<T>(params T[] values) where T : unmanaged
    {
        foreach (var value in values)
        {
            var bytes = Serialize(UnmanagedCacheSerializer<T>.Instance, value);
            Assert.Equal(Unsafe.SizeOf<T>(), bytes.Length);
            Assert.Equal(value, UnmanagedCacheSerializer<T>.Instance.Deserialize(bytes));
        }
    }

    private static T RoundTrip<T>(ICacheSerializer<T> serializer, T value) => serializer.Deserialize(Serialize(serializer, value));

    private static byte[] Serialize<T>(ICacheSerializer<T> serializer, T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
