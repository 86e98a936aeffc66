using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Runtime.Tests.Support;

/// <summary>
/// A core the test holds open: it says when it was entered (so the miss has already been observed) and returns its
/// value only once the test releases it. This forces an interleaving with gates, never with sleeps.
/// </summary>
internal sealed class GatedFactory<T>(T value)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _syncRelease = new();
    private int _calls;
    private CancellationToken _token;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The token the core last received (valid once <see cref="Entered"/> has completed).</summary>
    public CancellationToken Token => _token;

    /// <summary>Completes when the core has been called.</summary>
    public Task Entered => _entered.Task.WaitAsync(Patience);

    /// <summary>Lets the core return.</summary>
    public void Release()
    {
        _release.TrySetResult();
        _syncRelease.Set();
    }

    public async ValueTask<T> CreateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _token = cancellationToken;
        _entered.TrySetResult();
        await _release.Task.WaitAsync(Patience, cancellationToken).ConfigureAwait(false);
        return value;
    }

    /// <summary>The synchronous core: it blocks its thread on a <see cref="ManualResetEventSlim"/> until released.</summary>
    public T Create()
    {
        Interlocked.Increment(ref _calls);
        _entered.TrySetResult();
        if (!_syncRelease.Wait(Patience))
        {
            throw new TimeoutException("The test never released the core.");
        }

        return value;
    }
}
