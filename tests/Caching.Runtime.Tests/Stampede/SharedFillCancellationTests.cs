using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Stampede;

/// <summary>
/// Each caller of a shared fill cancels its own wait only. The core's token is cancelled when every waiter has
/// cancelled, and never while one still waits (a caller without a cancellable token waits to the end).
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class SharedFillCancellationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly RedisServerFixture _redis;
    private readonly RedisCacheStore _store;
    private readonly FillProbe _probe;
    private readonly CachePolicy<Product> _policy = Policies.Product();

    public SharedFillCancellationTests(RedisServerFixture redis)
    {
        _redis = redis;
        _store = new RedisCacheStore(redis.Multiplexer);
        _probe = new FillProbe(_store);
    }

    [Fact]
    public async Task OneWaiterCancels_ItGetsOperationCanceled_TheOthersGetTheValue_AndTheCoreIsNotCancelled()
    {
        var key = Policies.UniqueKey("stampede-cancel-one");
        var core = new GatedFactory<Product>(Policies.SampleProduct(1));
        using var leaving = new CancellationTokenSource();
        using var staying = new CancellationTokenSource();

        var starter = Call(key, core, leaving.Token); // the caller that started the fill is the one that leaves
        await core.Entered;
        var other = Call(key, core, staying.Token);
        var uncancellable = Call(key, core, CancellationToken.None);
        await _probe.Joined(key, 3);

        await leaving.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starter);
        Assert.Equal(leaving.Token, cancelled.CancellationToken);
        Assert.False(core.Token.IsCancellationRequested);

        core.Release();
        Assert.Equal(Policies.SampleProduct(1), await other);
        Assert.Equal(Policies.SampleProduct(1), await uncancellable);
        Assert.Equal(1, core.Calls);
        Assert.Equal(Policies.SampleProduct(1), (await _store.TryGetAsync(key, _policy)).Value);
    }

    [Fact]
    public async Task EveryWaiterCancels_TheCoreIsCancelled_NothingIsCached_AndTheNextMissCallsTheCoreAgain()
    {
        var key = Policies.UniqueKey("stampede-cancel-all");
        var core = new GatedFactory<Product>(Policies.SampleProduct(2));
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        var a = Call(key, core, first.Token);
        await core.Entered;
        var b = Call(key, core, second.Token);
        await _probe.Joined(key, 2);
        var coreCancelled = Cancelled(core.Token);

        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        Assert.False(core.Token.IsCancellationRequested); // one waiter is still there
        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);

        await coreCancelled;
        await _probe.FillRemoved(key);
        Assert.False(await _redis.Database.KeyExistsAsync(key));

        var next = new CountingFactory<Product>(Policies.SampleProduct(3));
        Assert.Equal(Policies.SampleProduct(3), await _store.GetOrCreateCountedAsync(key, _policy, next));
        Assert.Equal(1, next.Calls);
    }

    private Task<Product> Call(string key, GatedFactory<Product> core, CancellationToken cancellationToken)
        => _store.GetOrCreateAsync(key, _policy, core, static (c, ct) => c.CreateAsync(ct), cancellationToken).AsTask();

    private static Task Cancelled(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => cancelled.TrySetResult());
        return cancelled.Task.WaitAsync(Patience);
    }
}
