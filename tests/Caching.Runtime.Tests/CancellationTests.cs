using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>The caller's cancellation is not a cache failure: it surfaces, and a cancelled computation is not cached.</summary>
[Collection(RedisCollections.Server)]
public sealed class CancellationTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    [Fact]
    public async Task PreCancelledToken_Throws_AndCallsNoFactory()
    {
        var key = Policies.UniqueKey("precancelled");
        var factory = new CountingFactory<int>(1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await _store.GetOrCreateCountedAsync(key, Policies.Int(), factory, new CancellationToken(canceled: true)));

        Assert.Equal(0, factory.Calls);
        Assert.False(await redis.Database.KeyExistsAsync(key));
    }

    [Fact]
    public async Task CancelledWhileTheFactoryRuns_Throws_AndCachesNothing()
    {
        var key = Policies.UniqueKey("cancel-in-factory");
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = _store.GetOrCreateAsync(key, Policies.Int(), started, static async (s, ct) =>
        {
            s.SetResult();
            await Task.Delay(Timeout.Infinite, ct); // a core that honours its token
            return 1;
        }, cts.Token).AsTask();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.False(await redis.Database.KeyExistsAsync(key));
    }
}
