using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Stampede;

/// <summary>A shared core's failure reaches every waiter, is not cached, and does not stick to the key.</summary>
[Collection(RedisCollections.Server)]
public sealed class SharedFillFailureTests
{
    private readonly RedisServerFixture _redis;
    private readonly RedisCacheStore _store;
    private readonly FillProbe _probe;
    private readonly CachePolicy<int> _policy = Policies.Int();

    public SharedFillFailureTests(RedisServerFixture redis)
    {
        _redis = redis;
        _store = new RedisCacheStore(redis.Multiplexer);
        _probe = new FillProbe(_store);
    }

    [Fact]
    public async Task CoreThrows_EveryWaiterGetsTheSameException_NothingIsCached_AndTheNextCallCallsTheCoreAgain()
    {
        const int Callers = 50;
        var key = Policies.UniqueKey("stampede-throws");
        var core = new ThrowingCore();

        var calls = Enumerable.Range(0, Callers)
            .Select(_ => _store.GetOrCreateAsync(key, _policy, core, static (c, ct) => c.RunAsync(ct)).AsTask())
            .ToArray();
        await core.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await _probe.Joined(key, Callers);
        core.Fail.SetResult();

        foreach (var call in calls)
        {
            Assert.Same(core.Thrown, await Assert.ThrowsAsync<InvalidOperationException>(() => call));
        }

        Assert.Equal(1, core.Calls);
        await _probe.FillRemoved(key);
        Assert.False(await _redis.Database.KeyExistsAsync(key));

        var next = new CountingFactory<int>(7);
        Assert.Equal(7, await _store.GetOrCreateCountedAsync(key, _policy, next));
        Assert.Equal(1, next.Calls);
    }

    // A core that throws one exception object once the test lets it, so identity can be checked at every waiter.
    private sealed class ThrowingCore
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Fail { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public InvalidOperationException Thrown { get; } = new("the database is down");

        public int Calls => Volatile.Read(ref _calls);

        public async ValueTask<int> RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Entered.TrySetResult();
            await Fail.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            throw Thrown;
        }
    }
}
