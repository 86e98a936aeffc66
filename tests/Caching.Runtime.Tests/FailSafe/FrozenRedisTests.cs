using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Runtime.Tests.FailSafe;

/// <summary>
/// Redis frozen with SIGSTOP: connections stay open and nothing is answered. A caller never hangs: frozen before
/// its read, the read gives up after OperationTimeout and the core answers (there is no stale value to be had from a
/// frozen Redis); frozen after its read while the core is slow, the stale value comes within the soft timeout.
/// </summary>
public sealed class FrozenRedisTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Soft = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(400);

    private FailSafeHarness? _harness;
    private bool _paused;

    private FailSafeHarness H => _harness!;

    public async Task InitializeAsync() => _harness = await FailSafeHarness.StartAsync(OperationTimeout);

    public async Task DisposeAsync()
    {
        if (_paused)
        {
            await H.Server.ResumeAsync();
        }

        await H.DisposeAsync();
    }

    [Fact]
    public async Task FrozenBeforeTheCall_TheCoreAnswersWithinTheOperationTimeout()
    {
        var policy = FailSafeHarness.Policy(soft: Soft);
        var key = Policies.UniqueKey("frozen-read");
        await H.FillAsync(key, policy, Policies.SampleProduct(1));
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));

        await PauseAsync();
        var (value, elapsed) = await FailSafeHarness.TimeAsync(
            () => H.Store.GetOrCreateAsync(key, null, policy, 0, static (_, _) => ValueTask.FromResult(Policies.SampleProduct(2))).AsTask());
        output.WriteLine($"frozen before the read: the core's value after {elapsed.TotalMilliseconds:F1} ms (OperationTimeout {OperationTimeout.TotalMilliseconds} ms)");

        // The read could not see the stale entry, so the core's value is the answer; nothing was written.
        Assert.Equal(Policies.SampleProduct(2), value);
        Assert.InRange(elapsed, OperationTimeout - TimeSpan.FromMilliseconds(20), OperationTimeout + Margin);
        await ResumeAsync();
        Assert.Equal(CacheEntryStatus.Expired, (await H.Store.TryGetAsync(key, null, policy)).Status);
    }

    [Fact]
    public async Task FrozenWhileTheCoreIsSlow_TheStaleValueComesWithinTheSoftTimeout_AndTheFillDoesNotHang()
    {
        var policy = FailSafeHarness.Policy(soft: Soft);
        var key = Policies.UniqueKey("frozen-core");
        await H.FillAsync(key, policy, Policies.SampleProduct(3));
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));
        var core = new GatedFactory<Product>(Policies.SampleProduct(4));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var call = H.Call(key, policy, core);
        await core.Entered; // the read is done: it saw the stale entry
        await PauseAsync();
        var value = await call;
        var elapsed = clock.Elapsed;
        output.WriteLine($"frozen while the core runs: the stale value after {elapsed.TotalMilliseconds:F1} ms (soft timeout {Soft.TotalMilliseconds} ms)");
        Assert.Equal(Policies.SampleProduct(3), value);
        Assert.InRange(elapsed, Soft - TimeSpan.FromMilliseconds(20), Soft + Margin);

        // The core finishes; its store meets the frozen Redis, gives up after OperationTimeout, and the fill ends.
        core.Release();
        var ending = System.Diagnostics.Stopwatch.StartNew();
        await H.Probe.FillRemoved(key);
        output.WriteLine($"the background fill ended {ending.Elapsed.TotalMilliseconds:F1} ms after the core returned");
        Assert.True(ending.Elapsed < OperationTimeout + Margin + Margin, $"the fill took {ending.Elapsed} to end. Log:\n{H.Log}");
        await ResumeAsync();
    }

    private async Task PauseAsync()
    {
        await H.Server.PauseAsync();
        _paused = true;
    }

    private async Task ResumeAsync()
    {
        await H.Server.ResumeAsync();
        _paused = false;
    }
}
