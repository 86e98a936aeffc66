using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>The core's own failure is the caller's business: it propagates unchanged and nothing is cached.</summary>
[Collection(RedisCollections.Server)]
public sealed class FactoryExceptionTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    [Fact]
    public async Task AsyncFactoryException_ReachesTheCaller_AndNothingIsCached()
    {
        var key = Policies.UniqueKey("factory-throws");
        var boom = new InvalidOperationException("core failed");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await _store.GetOrCreateAsync<Exception, int>(key, Policies.Int(), boom, static (e, _) => throw e));

        Assert.Same(boom, thrown);
        Assert.False(await redis.Database.KeyExistsAsync(key));
    }

    [Fact]
    public async Task SyncFactoryException_ReachesTheCaller_AndNothingIsCached()
    {
        var key = Policies.UniqueKey("factory-throws-sync");
        var boom = new InvalidOperationException("core failed");

        var thrown = Assert.Throws<InvalidOperationException>(
            () => _store.GetOrCreate<Exception, int>(key, Policies.Int(), boom, static e => throw e));

        Assert.Same(boom, thrown);
        Assert.False(await redis.Database.KeyExistsAsync(key));
    }
}
