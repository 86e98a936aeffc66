using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Demo.Infrastructure;
using StackExchange.Redis;

namespace Demo.Reporting;

/// <summary>Picks the most-read keys of each cached method and asks Redis (TTL command) how long each has left.</summary>
public static class KeySamples
{
    public static async Task<IReadOnlyList<KeySample>> CollectAsync(IDatabase redis, KeyTrackingCacheStore store, int perMethod = 2)
    {
        var picked = new List<(string Key, int Reads)>();
        foreach (var keyStart in new[] { "demo:product:", "demo:category:", "demo:sales:" })
        {
            picked.AddRange(store.Hottest(int.MaxValue).Where(k => k.Key.StartsWith(store.KeyPrefix + keyStart, System.StringComparison.Ordinal)).Take(perMethod));
        }

        var samples = new List<KeySample>(picked.Count);
        foreach (var (key, reads) in picked)
        {
            samples.Add(new KeySample(key, reads, await redis.KeyTimeToLiveAsync(key)));
        }

        return samples;
    }
}
