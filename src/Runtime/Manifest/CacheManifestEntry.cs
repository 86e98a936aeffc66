using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace Caching;

/// <summary>
/// One generated method of the <see cref="CacheManifest"/>: what it caches or invalidates, for how long, and which
/// other methods touch its entries. Immutable; built by generated code from what the compiler saw.
/// </summary>
public sealed class CacheManifestEntry
{
    /// <summary>Creates an entry; called by generated code.</summary>
    /// <param name="declaringType">The method's type, as C# displays it (<c>App.UserRepository</c>).</param>
    /// <param name="method">The method's name.</param>
    /// <param name="kind">Which attribute drives it.</param>
    /// <param name="keyTemplate">The key template as written in the attribute; null for a method that stores nothing.</param>
    /// <param name="key">The key as the generator builds it: <c>[CacheDefaults]</c> prefix, template, and <c>#</c> plus the value type's schema hash; the store's own prefix comes first at run time. Null for a method that stores nothing.</param>
    /// <param name="ttlSeconds">Time to live of what it stores, in seconds; 0 when it stores nothing, or when no Ttl is written in code and the store's <see cref="RedisCacheStoreOptions.DefaultTtl"/> applies.</param>
    /// <param name="jitterSeconds">The most seconds added at random to the TTL.</param>
    /// <param name="localTtlSeconds">Time to live in the in-process L1, in seconds; 0 without one.</param>
    /// <param name="failSafeSeconds">How long a stale value may still be served when the core fails, in seconds; 0 without fail-safe.</param>
    /// <param name="tags">The tag templates attached to what it stores.</param>
    /// <param name="invalidatedKeys">The keys it deletes: <c>[CacheDefaults]</c> prefix and template (every schema hash of that shape goes).</param>
    /// <param name="invalidatedTags">The tag templates it invalidates.</param>
    /// <param name="invalidatedBy">For a reading method, the write methods that invalidate its entries.</param>
    /// <param name="invalidates">For a write method, the reading methods whose entries it invalidates.</param>
    public CacheManifestEntry(
        string declaringType,
        string method,
        CacheManifestEntryKind kind,
        string? keyTemplate,
        string? key,
        int ttlSeconds,
        int jitterSeconds,
        int localTtlSeconds,
        int failSafeSeconds,
        IEnumerable<string> tags,
        IEnumerable<string> invalidatedKeys,
        IEnumerable<string> invalidatedTags,
        IEnumerable<CacheManifestLink> invalidatedBy,
        IEnumerable<CacheManifestLink> invalidates)
    {
        ArgumentNullException.ThrowIfNull(declaringType);
        ArgumentNullException.ThrowIfNull(method);
        DeclaringType = declaringType;
        Method = method;
        Kind = kind;
        KeyTemplate = keyTemplate;
        Key = key;
        TtlSeconds = ttlSeconds;
        JitterSeconds = jitterSeconds;
        LocalTtlSeconds = localTtlSeconds;
        FailSafeSeconds = failSafeSeconds;
        Tags = Copy(tags);
        InvalidatedKeys = Copy(invalidatedKeys);
        InvalidatedTags = Copy(invalidatedTags);
        InvalidatedBy = Copy(invalidatedBy);
        Invalidates = Copy(invalidates);
    }

    /// <summary>The method's type, as C# displays it (<c>App.UserRepository</c>).</summary>
    public string DeclaringType { get; }

    /// <summary>The method's name.</summary>
    public string Method { get; }

    /// <summary>Which attribute drives it.</summary>
    public CacheManifestEntryKind Kind { get; }

    /// <summary>The key template as written in the attribute; null for a method that stores nothing.</summary>
    public string? KeyTemplate { get; }

    /// <summary>
    /// The key as the generator builds it: <c>[CacheDefaults]</c> prefix, template, and <c>#</c> plus the value type's
    /// schema hash (<c>shop:user:&lt;id&gt;#1a2b3c4d</c>); the store's own prefix comes first at run time. Null for a
    /// method that stores nothing.
    /// </summary>
    public string? Key { get; }

    /// <summary>Time to live of what it stores, in seconds; 0 when it stores nothing, or when no Ttl is written in code (the store's <see cref="RedisCacheStoreOptions.DefaultTtl"/> applies).</summary>
    public int TtlSeconds { get; }

    /// <summary>The most seconds added at random to <see cref="TtlSeconds"/>.</summary>
    public int JitterSeconds { get; }

    /// <summary>Time to live in the in-process L1, in seconds; 0 without one.</summary>
    public int LocalTtlSeconds { get; }

    /// <summary>How long a stale value may still be served when the core fails, in seconds; 0 without fail-safe.</summary>
    public int FailSafeSeconds { get; }

    /// <summary>The tag templates attached to what it stores.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The keys it deletes: <c>[CacheDefaults]</c> prefix and template, without schema hash (every hash of that shape goes).</summary>
    public IReadOnlyList<string> InvalidatedKeys { get; }

    /// <summary>The tag templates it invalidates.</summary>
    public IReadOnlyList<string> InvalidatedTags { get; }

    /// <summary>For a reading method, the write methods that invalidate its entries.</summary>
    public IReadOnlyList<CacheManifestLink> InvalidatedBy { get; }

    /// <summary>For a write method, the reading methods whose entries it invalidates.</summary>
    public IReadOnlyList<CacheManifestLink> Invalidates { get; }

    // A private copy, so a caller's array changed later cannot change the entry.
    private static ReadOnlyCollection<T> Copy<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Array.AsReadOnly(items.ToArray());
    }
}
