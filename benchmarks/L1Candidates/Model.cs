using System;

namespace L1Candidates;

/// <summary>The cached value: one shared instance, so the numbers measure the cache, not the value.</summary>
public sealed class User(int id, string name)
{
    public int Id { get; } = id;
    public string Name { get; } = name;
}

/// <summary>A typed key as the generator would emit it for <c>GetUserAsync(int tenantId, long userId)</c>.</summary>
public readonly record struct UserKey(int TenantId, long UserId);

/// <summary>
/// What an L1 entry carries for the candidates without per-entry expiry of their own: the value and its
/// logical expiry (<see cref="Environment.TickCount64"/> milliseconds), checked on every hit.
/// </summary>
public readonly struct L1Entry<T>(T value, long expiresAtMs)
{
    public readonly T Value = value;
    public readonly long ExpiresAtMs = expiresAtMs;

    public bool IsFresh
    {
        get { return ExpiresAtMs > Environment.TickCount64; }
    }
}

/// <summary>BitFaster's per-entry expiry hook: the entry's own logical expiry decides its time to live.</summary>
public sealed class EntryExpiry<TKey, T> : BitFaster.Caching.IExpiryCalculator<TKey, L1Entry<T>>
{
    public BitFaster.Caching.Duration GetExpireAfterCreate(TKey key, L1Entry<T> value)
    {
        return BitFaster.Caching.Duration.FromMilliseconds(Math.Max(0, value.ExpiresAtMs - Environment.TickCount64));
    }

    public BitFaster.Caching.Duration GetExpireAfterRead(TKey key, L1Entry<T> value, BitFaster.Caching.Duration current)
    {
        return current;
    }

    public BitFaster.Caching.Duration GetExpireAfterUpdate(TKey key, L1Entry<T> value, BitFaster.Caching.Duration current)
    {
        return GetExpireAfterCreate(key, value);
    }
}

public static class Keys
{
    /// <summary>Key number <paramref name="i"/> as a TKey (setup only; the boxing here is never measured).</summary>
    public static TKey Make<TKey>(int i)
    {
        if (typeof(TKey) == typeof(int))
        {
            return (TKey)(object)i;
        }

        if (typeof(TKey) == typeof(UserKey))
        {
            return (TKey)(object)new UserKey(i % 16, 1_000_000L + i);
        }

        throw new NotSupportedException(typeof(TKey).Name);
    }

    /// <summary>
    /// A Zipf(s = 1) trace over <paramref name="universe"/> keys (key 0 the most popular), fixed seed, so every
    /// candidate sees the same sequence.
    /// </summary>
    public static int[] ZipfTrace(int length, int universe, int seed)
    {
        var cdf = new double[universe];
        double sum = 0;
        for (var k = 0; k < universe; k++)
        {
            sum += 1.0 / (k + 1);
            cdf[k] = sum;
        }

        var random = new Random(seed);
        var trace = new int[length];
        for (var i = 0; i < length; i++)
        {
            var u = random.NextDouble() * sum;
            var index = Array.BinarySearch(cdf, u);
            trace[i] = index >= 0 ? index : Math.Min(~index, universe - 1);
        }

        // Spread popular keys over the key space, so key order says nothing about popularity.
        var permutation = new int[universe];
        for (var k = 0; k < universe; k++)
        {
            permutation[k] = k;
        }

        random.Shuffle(permutation);
        for (var i = 0; i < length; i++)
        {
            trace[i] = permutation[trace[i]];
        }

        return trace;
    }
}
