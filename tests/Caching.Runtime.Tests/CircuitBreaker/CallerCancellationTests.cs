using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.CircuitBreaker;

/// <summary>A caller that cancels its own call while Redis is slow says nothing about Redis: the breaker stays closed.</summary>
public sealed class CallerCancellationTests : IAsyncLifetime
{
    private BreakerHarness? _harness;

    private BreakerHarness H => _harness!;

    // A long break, so that had the breaker opened, the hit right after SIGCONT below could not happen.
    public async Task InitializeAsync() => _harness = await BreakerHarness.StartAsync(b => b.BreakDuration = TimeSpan.FromSeconds(30));

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task CancelledCalls_DoNotCountAsFailures()
    {
        var key = Policies.UniqueKey("cancel");
        var factory = new CountingFactory<int>(9);
        await H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory);
        await H.Server.PauseAsync();

        // Twice the failures that open the breaker in the other tests, each cancelled by its caller mid-read.
        for (var i = 0; i < 8; i++)
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory, cancellation.Token).AsTask());
        }

        Assert.Equal(0, H.Count("CircuitOpened"));
        await H.Server.ResumeAsync();

        var before = factory.Calls;
        Assert.Equal(9, await H.Store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.True(factory.Calls == before, $"the core answered: the breaker had opened. Log:\n{H.Log}");
    }
}
