using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Runtime.Tests.FailSafe;

/// <summary>
/// With a stale value at hand, a caller waits for the core at most the soft timeout (or the hard one), then returns
/// the stale value while the core finishes in the background and stores its value. Without a stale value the caller
/// waits for the core. A caller that returned stale never gets the shared core cancelled; a caller's own
/// cancellation still wins at once.
/// </summary>
public sealed class TimeoutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Soft = TimeSpan.FromMilliseconds(300);

    // Generous: two cores are shared with other builds, and a missed deadline must not be mistaken for the timeout.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(400);

    private FailSafeHarness? _harness;

    private FailSafeHarness H => _harness!;

    public async Task InitializeAsync() => _harness = await FailSafeHarness.StartAsync();

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Theory]
    [InlineData("soft")]
    [InlineData("hard")]
    [InlineData("both")]
    public async Task SlowCore_TheStaleValueComesWithinTheTimeout_AndTheCoreThenStoresItsValue(string which)
    {
        var policy = which switch
        {
            "soft" => FailSafeHarness.Policy(soft: Soft),
            "hard" => FailSafeHarness.Policy(hard: Soft),
            _ => FailSafeHarness.Policy(soft: Soft, hard: TimeSpan.FromSeconds(5)), // the soft one applies first
        };
        var key = Policies.UniqueKey("timeout-" + which);
        await H.FillAsync(key, policy, Policies.SampleProduct(1));
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));
        var core = new GatedFactory<Product>(Policies.SampleProduct(2));

        var (value, elapsed) = await FailSafeHarness.TimeAsync(() => H.Call(key, policy, core));
        output.WriteLine($"{which} timeout {Soft.TotalMilliseconds} ms: stale value after {elapsed.TotalMilliseconds:F1} ms");
        Assert.Equal(Policies.SampleProduct(1), value);
        Assert.InRange(elapsed, Soft - TimeSpan.FromMilliseconds(20), Soft + Margin);
        Assert.Equal(1, H.Count("StaleServedOnTimeout"));

        // The core goes on, was never cancelled, and its value replaces the stale one.
        Assert.False(core.Token.IsCancellationRequested);
        core.Release();
        await H.Probe.FillRemoved(key);
        var lookup = await H.Store.TryGetAsync(key, null, policy);
        Assert.Equal(CacheEntryStatus.Hit, lookup.Status);
        Assert.Equal(Policies.SampleProduct(2), lookup.Value);
        Assert.Equal(1, core.Calls);
    }

    [Fact]
    public async Task FastCore_TheCoreValueIsReturned_NotTheStaleOne()
    {
        var policy = FailSafeHarness.Policy(soft: TimeSpan.FromSeconds(5));
        var key = Policies.UniqueKey("timeout-fast");
        await H.FillAsync(key, policy, Policies.SampleProduct(1));
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));

        var value = await H.Store.GetOrCreateAsync(key, null, policy, 0, static (_, _) => ValueTask.FromResult(Policies.SampleProduct(3)));
        Assert.Equal(Policies.SampleProduct(3), value);
        Assert.Equal(0, H.Count("StaleServedOnTimeout"));
    }

    [Fact]
    public async Task WithoutAStaleValue_TheCallerWaitsForTheCore()
    {
        var policy = FailSafeHarness.Policy(soft: TimeSpan.FromMilliseconds(100), hard: TimeSpan.FromMilliseconds(200));
        var key = Policies.UniqueKey("timeout-nostale");
        var core = new GatedFactory<Product>(Policies.SampleProduct(4));

        var call = H.Call(key, policy, core);
        await core.Entered;
        // A negative check needs time to pass: several times both timeouts, and the call must still be waiting.
        Assert.NotSame(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(800))));
        core.Release();
        Assert.Equal(Policies.SampleProduct(4), await call);
    }

    [Fact]
    public async Task CoreFailsAfterTheStaleValueWasReturned_ItIsLogged_AndTheEntryStays()
    {
        var policy = FailSafeHarness.Policy(soft: TimeSpan.FromMilliseconds(100));
        var key = Policies.UniqueKey("timeout-late-failure");
        await H.FillAsync(key, policy, Policies.SampleProduct(5));
        var before = (byte[])(await H.Database.StringGetAsync(key))!;
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));
        var result = new TaskCompletionSource<Product>(TaskCreationOptions.RunContinuationsAsynchronously);

        var value = await H.Store.GetOrCreateAsync(key, null, policy, result, static (r, _) => new ValueTask<Product>(r.Task));
        Assert.Equal(Policies.SampleProduct(5), value);

        result.SetException(new InvalidOperationException("the database is down"));
        await H.Probe.FillRemoved(key);
        Assert.Equal(1, H.Count("BackgroundRefreshFailed"));
        Assert.Equal(before, (byte[])(await H.Database.StringGetAsync(key))!);
    }

    [Fact]
    public async Task OneWaiterReturnsStale_AnotherCancels_TheSharedCoreIsNotCancelled_AndStores()
    {
        var stalePolicy = FailSafeHarness.Policy(soft: TimeSpan.FromMilliseconds(200));
        var plainPolicy = FailSafeHarness.Policy(failSafe: TimeSpan.Zero); // same method shape, no fail-safe: no stale value
        var key = Policies.UniqueKey("timeout-two-waiters");
        await H.FillAsync(key, stalePolicy, Policies.SampleProduct(6));
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));
        var core = new GatedFactory<Product>(Policies.SampleProduct(7));
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        var withStale = H.Call(key, stalePolicy, core, first.Token);
        await core.Entered;
        var waiting = H.Call(key, plainPolicy, core, second.Token); // read the same bytes, so it joins the same fill
        await H.Probe.Joined(key, 2);

        Assert.Equal(Policies.SampleProduct(6), await withStale);
        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await first.CancelAsync(); // after it returned: it is no longer waiting, and cancels nothing
        Assert.False(core.Token.IsCancellationRequested);

        core.Release();
        await H.Probe.FillRemoved(key);
        Assert.Equal(Policies.SampleProduct(7), (await H.Store.TryGetAsync(key, null, stalePolicy)).Value);
        Assert.Equal(1, core.Calls);
    }

    [Fact]
    public async Task SharedCoreThrows_EachWaiterFallsBackOnItsOwnStaleValue_OrGetsTheException()
    {
        var stalePolicy = FailSafeHarness.Policy();
        var plainPolicy = FailSafeHarness.Policy(failSafe: TimeSpan.Zero);
        var key = Policies.UniqueKey("timeout-per-caller");
        await H.FillAsync(key, stalePolicy, Policies.SampleProduct(10));
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = new TaskCompletionSource<Product>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        Func<int, CancellationToken, ValueTask<Product>> core = (_, _) =>
        {
            Interlocked.Increment(ref calls);
            entered.TrySetResult();
            return new ValueTask<Product>(result.Task);
        };

        var withStale = H.Store.GetOrCreateAsync(key, null, stalePolicy, 0, core).AsTask();
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var without = H.Store.GetOrCreateAsync(key, null, plainPolicy, 0, core).AsTask();
        await H.Probe.Joined(key, 2);
        result.SetException(new InvalidOperationException("the database is down"));

        Assert.Equal(Policies.SampleProduct(10), await withStale);
        await Assert.ThrowsAsync<InvalidOperationException>(() => without);
        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task CallerCancellation_WinsAtOnce_OverTheSoftTimeout()
    {
        var policy = FailSafeHarness.Policy(soft: TimeSpan.FromSeconds(10));
        var key = Policies.UniqueKey("timeout-cancel");
        await H.FillAsync(key, policy, Policies.SampleProduct(8));
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));
        var core = new GatedFactory<Product>(Policies.SampleProduct(9));
        using var cancel = new CancellationTokenSource();

        var call = H.Call(key, policy, core, cancel.Token);
        await core.Entered;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await cancel.CancelAsync();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancel.Token, thrown.CancellationToken);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"cancellation took {clock.Elapsed}");

        // It was the only waiter, so the core was cancelled too, as without fail-safe; nothing new was stored.
        await H.Probe.FillRemoved(key);
        Assert.True(core.Token.IsCancellationRequested);
        Assert.Equal(CacheEntryStatus.Expired, (await H.Store.TryGetAsync(key, null, policy)).Status);
    }
}
