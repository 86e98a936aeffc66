using System;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>Stream ids as the worker orders them (to tell which calls of a batch a renewal covered).</summary>
public sealed class StreamIdsTests
{
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
        => Assert.Throws<FormatException>(() => StreamIds.Compare(id, "1-0"));
}
