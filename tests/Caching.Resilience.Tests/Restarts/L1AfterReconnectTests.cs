using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Caching.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Resilience.Tests.Restarts;

/// <summary>
/// Issue 8, "L1 is flushed and invalidation over pub/sub resumes" after Redis is lost and comes back. Two application
/// instances (two multiplexers, two stores, two generated repositories) share one Redis; the method has LocalTtl.
/// The promise (docs/design/l1.md, "Subscription"): while a connection is down L1 serves what it holds but takes
/// nothing new; once the store's subscription carries its probe again L1 is cleared (messages may have been missed),
/// so from the moment <c>LocalReady</c> is true again no value invalidated during the gap is served; and an
/// invalidation in one instance evicts the other's entry again.
/// </summary>
public sealed class L1AfterReconnectTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(2);

    private readonly RestartQuoteSource _source = new();
    private readonly string _prefix = "l1r" + Guid.NewGuid().ToString("N")[..8];
    private RedisServer? _server;
    private FaultProxy? _proxy;
    private AppInstance? _a;
    private AppInstance? _b;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _proxy = FaultProxy.Start(_server);
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        await _proxy!.DisposeAsync();
        await _server!.DisposeAsync();
    }

    [Fact]
    public async Task RedisKilledAndRestarted_BothL1sAreFlushed_NothingInvalidatedDuringTheGapIsServed_AndInvalidationsFlowAgain()
    {
        var a = _a = await AppInstance.StartAsync(_server!.Endpoint, _source, keyPrefix: _prefix);
        var b = _b = await AppInstance.StartAsync(_server.Endpoint, _source, keyPrefix: _prefix);
        await StartL1Async(a, b);
        await FillBothL1Async(a, b, 1);

        // kill -9. The row changes while Redis is away, and A's invalidation cannot reach Redis or B.
        await _server.StopAsync();
        var sinceKill = Stopwatch.StartNew();
        while (a.Store.LocalReady || b.Store.LocalReady)
        {
            Assert.True(sinceKill.Elapsed < Ready, "the stores did not notice the lost connection");
            await Task.Delay(5);
        }

        output.WriteLine($"both stores stopped taking L1 entries {sinceKill.Elapsed.TotalMilliseconds:F0} ms after the kill");
        var v2 = _source.Bump(1);
        await a.Repository.ForgetLocalQuoteAsync(1);
        // As documented: while Redis is down B's L1 still serves what it holds (Redis down must not empty L1).
        Assert.Equal(1, (await b.Repository.GetLocalQuoteAsync(1)).Version);

        await _server.StartAgainAsync();
        var sinceStart = Stopwatch.StartNew();
        var aReady = await a.WaitUntilLocalReadyAsync(Ready);
        var bReady = await b.WaitUntilLocalReadyAsync(Ready);
        output.WriteLine($"L1 ready again (and flushed) {aReady.TotalMilliseconds:F0} / {sinceStart.Elapsed.TotalMilliseconds:F0} ms after Redis started (A / both)");

        // From the moment B says ready, the value invalidated during the gap is gone from its L1.
        Assert.Equal(v2, (await b.Repository.GetLocalQuoteAsync(1)).Version);
        Assert.Equal(v2, (await a.Repository.GetLocalQuoteAsync(1)).Version);

        // Invalidation over pub/sub works again: A's evicts B's entry.
        await FillBothL1Async(a, b, 2);
        var v = _source.Bump(2);
        await a.Repository.ForgetLocalQuoteAsync(2);
        var took = await EventuallyNewAsync(b, 2, v);
        output.WriteLine($"after the restart an invalidation on A reached B's L1 in {took.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task OneInstanceCutOff_MissesAnInvalidation_AndFlushesItsL1WhenItReconnects()
    {
        var a = _a = await AppInstance.StartAsync(_server!.Endpoint, _source, keyPrefix: _prefix);
        var b = _b = await AppInstance.StartAsync(_proxy!.Endpoint, _source, keyPrefix: _prefix); // B through the proxy
        await StartL1Async(a, b);
        await FillBothL1Async(a, b, 1);

        // B loses Redis (its connections closed, new ones refused); Redis itself and A go on.
        _proxy.Drop();
        var sinceDrop = Stopwatch.StartNew();
        while (b.Store.LocalReady)
        {
            Assert.True(sinceDrop.Elapsed < Ready, "B did not notice the lost connection");
            await Task.Delay(5);
        }

        // The row changes and A invalidates and refills it in Redis; the message to B is lost.
        var v2 = _source.Bump(1);
        await a.Repository.ForgetLocalQuoteAsync(1);
        Assert.Equal(v2, (await a.Repository.GetLocalQuoteAsync(1)).Version);
        Assert.Equal(1, (await b.Repository.GetLocalQuoteAsync(1)).Version); // cut off: B's L1 still answers

        _proxy.Pass();
        var sincePass = Stopwatch.StartNew();
        await b.WaitUntilLocalReadyAsync(Ready);
        output.WriteLine($"B's L1 ready again (and flushed) {sincePass.Elapsed.TotalMilliseconds:F0} ms after its connection came back");
        var calls = _source.CallsFor(1);
        Assert.Equal(v2, (await b.Repository.GetLocalQuoteAsync(1)).Version);
        Assert.Equal(calls, _source.CallsFor(1)); // read from Redis (A's refill), not from the core

        // And B hears A's invalidations again.
        await FillBothL1Async(a, b, 2);
        var v = _source.Bump(2);
        await a.Repository.ForgetLocalQuoteAsync(2);
        var took = await EventuallyNewAsync(b, 2, v);
        output.WriteLine($"after the reconnect an invalidation on A reached B's L1 in {took.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task SubscriptionsKilled_InteractiveConnectionsKept_NoMissedInvalidationIsServed_AndInvalidationsFlowAgain()
    {
        var a = _a = await AppInstance.StartAsync(_server!.Endpoint, _source, keyPrefix: _prefix);
        var b = _b = await AppInstance.StartAsync(_server.Endpoint, _source, keyPrefix: _prefix);
        await StartL1Async(a, b);
        await FillBothL1Async(a, b, 1);

        // Only the pub/sub connections go (CLIENT KILL TYPE pubsub, as a proxy or a server-side timeout would do);
        // reads and writes keep working, so only the lost subscription tells B that it may be missing messages.
        var readyBefore = b.Events.Count("SubscriptionReady");
        var sinceKill = Stopwatch.StartNew();
        await using (var admin = await _server.ConnectAsync())
        {
            var killed = (long)await admin.GetServer(_server.Endpoint).ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            Assert.True(killed >= 2, $"killed {killed} subscription connections");
        }

        // A invalidates at once: the message reaches B or is lost, depending on how soon B subscribes again. Either
        // way, once B has probed its subscription again (L1 cleared, then ready), it must serve the new value.
        var v2 = _source.Bump(1);
        await a.Repository.ForgetLocalQuoteAsync(1);
        while (b.Events.Count("SubscriptionReady") == readyBefore)
        {
            Assert.True(sinceKill.Elapsed < Ready, $"B never probed its subscription again after it was killed. Log:\n{b.Log}");
            await Task.Delay(5);
        }

        output.WriteLine($"B's L1 probed, cleared and ready again {sinceKill.Elapsed.TotalMilliseconds:F0} ms after its subscription was killed");
        Assert.Equal(v2, (await b.Repository.GetLocalQuoteAsync(1)).Version);

        // And invalidations reach B again.
        await FillBothL1Async(a, b, 2);
        var v = _source.Bump(2);
        await a.Repository.ForgetLocalQuoteAsync(2);
        var took = await EventuallyNewAsync(b, 2, v);
        output.WriteLine($"after the subscriptions came back an invalidation on A reached B's L1 in {took.TotalMilliseconds:F0} ms");
    }

    // L1 subscribes on its first use through a store; then each store probes until its subscription works.
    private async Task StartL1Async(AppInstance a, AppInstance b)
    {
        await a.Repository.GetLocalQuoteAsync(0);
        await b.Repository.GetLocalQuoteAsync(0);
        await a.WaitUntilLocalReadyAsync(Ready);
        await b.WaitUntilLocalReadyAsync(Ready);
    }

    // A fills id through Redis, B takes the Redis copy into its L1; then the Redis entry is deleted behind both
    // stores' backs, so a read that does not reach the core can only come from L1.
    private async Task FillBothL1Async(AppInstance a, AppInstance b, int id)
    {
        var expected = _source.Row(id);
        Assert.Equal(expected, await a.Repository.GetLocalQuoteAsync(id));
        Assert.Equal(expected, await b.Repository.GetLocalQuoteAsync(id));
        await a.DeleteEntriesAsync("local:" + id);
        var calls = _source.CallsFor(id);
        Assert.Equal(expected, await a.Repository.GetLocalQuoteAsync(id));
        Assert.Equal(expected, await b.Repository.GetLocalQuoteAsync(id));
        Assert.True(calls == _source.CallsFor(id), $"id {id} is not in both L1s");
    }

    private static async Task<TimeSpan> EventuallyNewAsync(AppInstance b, int id, long version)
    {
        var clock = Stopwatch.StartNew();
        while ((await b.Repository.GetLocalQuoteAsync(id)).Version != version)
        {
            Assert.True(clock.Elapsed < Propagation, $"B's L1 still serves an invalidated value after {Propagation}. Log:\n{b.Log}");
            await Task.Delay(5);
        }

        return clock.Elapsed;
    }
}
