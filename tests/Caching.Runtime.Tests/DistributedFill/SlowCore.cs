using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Runtime.Tests.DistributedFill;

/// <summary>
/// A core that takes a while, as the database query it stands for, and counts its calls across every "process"
/// that shares it. Optionally it throws instead of returning.
/// </summary>
internal sealed class SlowCore<T>(T value, TimeSpan duration, Exception? failure = null)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public async ValueTask<T> CreateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        return failure is null ? value : throw failure;
    }
}
