using System.Threading;
using System.Threading.Tasks;

namespace Caching.Runtime.Tests.Support;

/// <summary>A value factory that counts its calls, so a test can tell a hit from a miss.</summary>
internal sealed class CountingFactory<T>(T value)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<T> CreateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(value);
    }

    public T Create()
    {
        Interlocked.Increment(ref _calls);
        return value;
    }
}
