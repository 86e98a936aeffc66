using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;

namespace Caching.Runtime.Tests.Tags;

/// <summary>Tagged forms of the <see cref="CountingFactory{T}"/> shorthands, as generated code calls them with a method's tags.</summary>
internal static class TaggedStoreExtensions
{
    public static ValueTask<T> GetOrCreateCountedAsync<T>(
        this ICacheStore store, string key, string[] tags, CachePolicy<T> policy, CountingFactory<T> factory, CancellationToken cancellationToken = default)
        => store.GetOrCreateAsync(key, tags, policy, factory, static (f, ct) => f.CreateAsync(ct), cancellationToken);

    /// <summary>A key under the store's prefix, unique to the test.</summary>
    public static string UniqueKey(this ICacheStore store, string purpose) => store.KeyPrefix + Policies.UniqueKey(purpose);
}
