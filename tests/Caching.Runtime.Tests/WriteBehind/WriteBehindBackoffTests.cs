using System;
using Xunit;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>The wait between attempts: doubling from the base delay, capped, with half of it jittered.</summary>
public sealed class WriteBehindBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(6, 6400)]
    [InlineData(7, 10000)] // 12.8 s, capped
    [InlineData(1000, 10000)] // no overflow however long the run of failures
    public void Delay_DoublesPerFailure_UpToTheCap_WithHalfOfItJittered(int failedAttempts, int fullMilliseconds)
    {
        var full = TimeSpan.FromMilliseconds(fullMilliseconds);
        Assert.Equal(full / 2, WriteBehindBackoff.Delay(failedAttempts, Base, Max, random: 0));
        Assert.Equal(full * 0.75, WriteBehindBackoff.Delay(failedAttempts, Base, Max, random: 0.5));
        var highest = WriteBehindBackoff.Delay(failedAttempts, Base, Max, random: 0.999999);
        Assert.True(highest < full && highest > full * 0.999, highest.ToString());
    }

    [Fact]
    public void Delay_NeedsAFailure()
        => Assert.Throws<ArgumentOutOfRangeException>(() => WriteBehindBackoff.Delay(0, Base, Max, 0));
}
