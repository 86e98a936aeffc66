namespace Caching.Generators.Model;

/// <summary>Which attribute drives a method of the cache manifest; the names match the runtime's <c>CacheManifestEntryKind</c>.</summary>
internal enum ManifestKind
{
    Cached,
    CachedBatch,
    WriteThrough,
    WriteBehind,
    Invalidates,
    InvalidatesTag,
}

/// <summary>How a write reaches a cached method's entries; the names match the runtime's <c>CacheManifestLinkKind</c>.</summary>
internal enum ManifestLinkKind
{
    Key,
    Write,
    Tag,
}

/// <summary>
/// The cache manifest of one compilation: every generated method, sorted by type then method, with the links between
/// writes and reads already matched.
/// </summary>
/// <remarks>
/// This is a cached incremental value: it and everything it contains must stay immutable and value-equal, and hold
/// no Roslyn object, so an edit that changes no generated method leaves it equal and regenerates nothing.
/// </remarks>
internal sealed record ManifestModel(EquatableArray<ManifestEntryModel> Entries);

/// <summary>One method of the manifest.</summary>
/// <param name="DeclaringType">The containing type as C# displays it.</param>
/// <param name="Method">The method's name, unescaped.</param>
/// <param name="Kind">Which attribute drives it.</param>
/// <param name="KeyTemplate">The key template as written, or null when it stores nothing.</param>
/// <param name="Key">The type prefix, the template and the schema suffix, or null when it stores nothing.</param>
/// <param name="KeyShape">The prefix and template shape, to match invalidated keys; null when it stores nothing.</param>
/// <param name="KeySuffix">The schema suffix (<c>#</c> and the hash): a write overwrites a read's entries only when both are equal.</param>
/// <param name="TtlSeconds">Time to live.</param>
/// <param name="JitterSeconds">Jitter.</param>
/// <param name="LocalTtlSeconds">L1 time to live, or 0.</param>
/// <param name="FailSafeSeconds">Fail-safe window, or 0.</param>
/// <param name="Tags">The tag templates it attaches, as written.</param>
/// <param name="InvalidatedKeys">The keys it deletes: prefix and template, with their shapes.</param>
/// <param name="InvalidatedTags">The tag templates it invalidates, as written.</param>
/// <param name="InvalidatedBy">For a reading method: the writes that invalidate it (filled in by <see cref="ManifestEntries.Link"/>).</param>
/// <param name="Invalidates">For a write method: the reads it invalidates (filled in by <see cref="ManifestEntries.Link"/>).</param>
internal sealed record ManifestEntryModel(
    string DeclaringType,
    string Method,
    ManifestKind Kind,
    string? KeyTemplate,
    string? Key,
    string? KeyShape,
    string? KeySuffix,
    int TtlSeconds,
    int JitterSeconds,
    int LocalTtlSeconds,
    int FailSafeSeconds,
    EquatableArray<string> Tags,
    EquatableArray<ManifestKeyModel> InvalidatedKeys,
    EquatableArray<string> InvalidatedTags,
    EquatableArray<ManifestLinkModel> InvalidatedBy,
    EquatableArray<ManifestLinkModel> Invalidates);

/// <summary>A key a write method deletes.</summary>
/// <param name="Template">The template as written.</param>
/// <param name="Key">The type prefix and the template.</param>
/// <param name="Shape">The prefix and the template's shape, compared with the cached keys' shapes as the generated deletion does.</param>
internal sealed record ManifestKeyModel(string Template, string Key, string Shape);

/// <summary>An edge between a write and a read.</summary>
/// <param name="DeclaringType">The other method's type.</param>
/// <param name="Method">The other method's name.</param>
/// <param name="Kind">How the write reaches the read's entries.</param>
/// <param name="Template">The write's key or tag template that matched, as written.</param>
internal sealed record ManifestLinkModel(string DeclaringType, string Method, ManifestLinkKind Kind, string Template);
