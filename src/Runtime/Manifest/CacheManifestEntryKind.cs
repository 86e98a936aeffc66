namespace Caching;

/// <summary>Which attribute a method of the <see cref="CacheManifest"/> carries.</summary>
public enum CacheManifestEntryKind
{
    /// <summary><c>[Cached]</c>: reads through the cache.</summary>
    Cached,

    /// <summary><c>[CachedBatch]</c>: reads many keys through the cache at once.</summary>
    CachedBatch,

    /// <summary><c>[WriteThrough]</c>: runs the core, then stores the value.</summary>
    WriteThrough,

    /// <summary><c>[WriteBehind]</c>: stores the value now and queues the core.</summary>
    WriteBehind,

    /// <summary><c>[Invalidates]</c>: deletes keys (and possibly tags) after the core.</summary>
    Invalidates,

    /// <summary><c>[InvalidatesTag]</c> only: invalidates tags after the core.</summary>
    InvalidatesTag,
}
