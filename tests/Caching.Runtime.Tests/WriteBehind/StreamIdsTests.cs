using System;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>Stream ids as the worker orders them and steps back from them (to re-read one pending call).</summary>
public sealed class StreamIdsTests
{
    [Theory]
    [InlineData("1700000000000-5", "1700000000000-4")]
    [InlineData("1700000000000-0", "1699999999999-18446744073709551615")]
    [InlineData("0-1", "0-0")]
    [InlineData("0-0", "0-0")]
    public void Previous_IsTheGreatestIdBefore(string id, string previous)
        => Assert.Equal(previous, (string?)StreamIds.Previous(id));

    [Theory]
    [InlineData("5-1", "5-2", -1)]
    [InlineData("5-10", "5-9", 1)] // numeric, not text, order
    [InlineData("10-0", "9-99", 1)]
    [InlineData("7-7", "7-7", 0)]
    public void Compare_OrdersByMillisecondsThenSequence(string left, string right, int sign)
        => Assert.Equal(sign, Math.Sign(StreamIds.Compare(left, right)));

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("-1")]
    [InlineData("a-b")]
    public void NotAnId_ThrowsFormatException(string id)
        => Assert.Throws<FormatException>(() => StreamIds.Previous(id));
}
