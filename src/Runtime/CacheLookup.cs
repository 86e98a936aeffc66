namespace Caching;

/// <summary>The result of reading one entry: a value when <see cref="Status"/> is <see cref="CacheEntryStatus.Hit"/>.</summary>
/// <typeparam name="T">The cached type.</typeparam>
/// <param name="Status">What was found.</param>
/// <param name="Value">The value, on a hit.</param>
public readonly record struct CacheLookup<T>(CacheEntryStatus Status, T? Value)
{
    /// <summary>Whether the lookup found a valid, fresh entry.</summary>
    public bool IsHit => Status == CacheEntryStatus.Hit;
}
