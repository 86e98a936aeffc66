namespace Caching;

/// <summary>
/// A store that keeps the L1 (in-process) caches of generated methods coherent: it evicts their entries when it
/// invalidates keys or tags, and across processes over Redis pub/sub. <see cref="RedisCacheStore"/> is one; a store
/// that is not gets no L1, so nothing is served that its invalidations would not reach.
/// </summary>
internal interface ILocalCacheHost
{
    /// <summary>
    /// Whether L1 may take new entries now: only while the invalidation subscription is up, since an entry added
    /// while messages cannot arrive could outlive an invalidation it never heard of.
    /// </summary>
    bool AcceptsLocalEntries { get; }

    /// <summary>Whether generated methods use their L1 with this store at all (<see cref="RedisCacheStoreOptions.LocalCache"/>).</summary>
    bool LocalCacheEnabled { get; }

    /// <summary>Attaches a partition, so the host's invalidations reach it. Called once per partition.</summary>
    void Attach(ILocalPartition partition);

    /// <summary>Where the partitions of this host count their hits and misses.</summary>
    CacheMetrics Metrics { get; }
}
