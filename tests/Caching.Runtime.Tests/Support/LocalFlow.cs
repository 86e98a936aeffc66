using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Runtime.Tests.Support;

/// <summary>
/// What generated code does for a method with <c>LocalTtl</c> and an <c>int</c> key (see LocalCacheEmitter): the L1
/// look-up by typed key first, then the store, then the value kept in L1.
/// </summary>
internal static class LocalFlow
{
    public static LocalCache<ValueTuple<int>, string> NewCache(TimeSpan? localTtl = null, int capacity = 100)
        => new("Tests.Local", localTtl ?? TimeSpan.FromMinutes(5), capacity);

    public static string Key(ICacheStore store, int id) => store.KeyPrefix + "test:local:" + id;

    public static ValueTask<string> GetAsync(
        this LocalCache<ValueTuple<int>, string> cache, ICacheStore store, int id, CountingFactory<string> core, string[]? tags = null)
        => cache.GetAsync(store, id, core.CreateAsync, tags);

    public static ValueTask<string> GetAsync(
        this LocalCache<ValueTuple<int>, string> cache, ICacheStore store, int id, Func<CancellationToken, ValueTask<string>> core, string[]? tags = null)
    {
        var local = cache.For(store);
        var localKey = new ValueTuple<int>(id);
        if (local is not null && local.TryGet(localKey, out var hit))
        {
            return new ValueTask<string>(hit);
        }

        var generation = local?.Generation ?? 0L;
        var key = Key(store, id);
        var pending = store.GetOrCreateAsync(key, tags, Policies.String(), core, static (c, token) => c(token), CancellationToken.None);
        return local is null ? pending : local.AddWhenDone(localKey, key, tags, generation, pending);
    }

    /// <summary>Waits until the store's L1 takes entries (its subscription heard its own probe).</summary>
    public static async Task WaitUntilReadyAsync(RedisCacheStore store, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!store.LocalReady)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The store's L1 subscription never became ready.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task<TimeSpan> EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {clock.Elapsed}: {what}");
            }

            await Task.Delay(5);
        }

        return clock.Elapsed;
    }
}
