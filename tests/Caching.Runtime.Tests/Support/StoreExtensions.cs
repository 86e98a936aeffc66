using System.Threading;
using System.Threading.Tasks;

namespace Caching.Runtime.Tests.Support;

/// <summary>Shorthands for calling the store with a <see cref="CountingFactory{T}"/>, as generated code passes a static lambda and state.</summary>
internal static class StoreExtensions
{
    public static ValueTask<T> GetOrCreateCountedAsync<T>(
        this ICacheStore store, string key, CachePolicy<T> policy, CountingFactory<T> factory, CancellationToken cancellationToken = default)
        => store.GetOrCreateAsync(key, policy, factory, static (f, ct) => f.CreateAsync(ct), cancellationToken);

    public static T GetOrCreateCounted<T>(this ICacheStore store, string key, CachePolicy<T> policy, CountingFactory<T> factory)
        => store.GetOrCreate(key, policy, factory, static f => f.Create());
}
