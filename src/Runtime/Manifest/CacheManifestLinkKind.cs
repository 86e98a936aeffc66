namespace Caching;

/// <summary>How a write method reaches the entries of a cached method.</summary>
public enum CacheManifestLinkKind
{
    /// <summary>It deletes the cached method's key (<c>[Invalidates]</c>).</summary>
    Key,

    /// <summary>It overwrites the cached method's key with a new value (<c>[WriteThrough]</c>, <c>[WriteBehind]</c>).</summary>
    Write,

    /// <summary>It invalidates a tag the cached method attaches (<c>[InvalidatesTag]</c>).</summary>
    Tag,
}
