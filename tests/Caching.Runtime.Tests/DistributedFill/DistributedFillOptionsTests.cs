using System;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.DistributedFill;

/// <summary>Bad distributed-fill settings fail when the store is built, naming the option.</summary>
[Collection(RedisCollections.Server)]
public sealed class DistributedFillOptionsTests(RedisServerFixture redis)
{
    [Theory]
    [InlineData(nameof(DistributedFillOptions.LockTtl), 0)]
    [InlineData(nameof(DistributedFillOptions.LockTtl), -5)]
    [InlineData(nameof(DistributedFillOptions.WaitTimeout), 0)]
    [InlineData(nameof(DistributedFillOptions.PollInterval), 0)]
    [InlineData(nameof(DistributedFillOptions.PollInterval), 6000)] // longer than WaitTimeout (5 s)
    public void BadSetting_ThrowsAtConstruction_NamingIt(string option, int milliseconds)
    {
        var fill = new DistributedFillOptions { Enabled = true };
        var value = TimeSpan.FromMilliseconds(milliseconds);
        switch (option)
        {
            case nameof(DistributedFillOptions.LockTtl): fill.LockTtl = value; break;
            case nameof(DistributedFillOptions.WaitTimeout): fill.WaitTimeout = value; break;
            default: fill.PollInterval = value; break;
        }

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { DistributedFill = fill }));
        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void NullOptions_Throw()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { DistributedFill = null! }));
        Assert.Equal(nameof(RedisCacheStoreOptions.DistributedFill), error.ParamName);
    }

    [Fact]
    public void Disabled_IsTheDefault_AndItsSettingsAreNotChecked()
    {
        Assert.False(new RedisCacheStoreOptions().DistributedFill.Enabled);
        _ = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { DistributedFill = new DistributedFillOptions { LockTtl = TimeSpan.Zero } });
    }
}
