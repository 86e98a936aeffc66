namespace Caching;

/// <summary>What reading a stored entry found; everything but <see cref="Hit"/> is treated as a miss.</summary>
public enum CacheEntryStatus
{
    /// <summary>A valid, fresh entry.</summary>
    Hit,

    /// <summary>No entry under the key.</summary>
    Missing,

    /// <summary>The entry's logical expiry has passed.</summary>
    Expired,

    /// <summary>The value was not written by this library (wrong magic or too short).</summary>
    Foreign,

    /// <summary>The value was written by an unknown version of the entry format.</summary>
    UnknownFormatVersion,

    /// <summary>The value was written for another shape of the cached type.</summary>
    SchemaMismatch,

    /// <summary>The payload is shorter or longer than its header says.</summary>
    Truncated,

    /// <summary>The payload could not be deserialized.</summary>
    Corrupt,

    /// <summary>The entry was invalidated: the key holds the marker an invalidation leaves.</summary>
    Invalidated,

    /// <summary>A tag of the entry was invalidated after the entry's value was read from the core.</summary>
    TagInvalidated,
}
