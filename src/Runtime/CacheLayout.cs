namespace Caching;

/// <summary>How a <c>[Cached]</c> method stores its values in Redis.</summary>
public enum CacheLayout
{
    /// <summary>One string value: the entry header and the serialized value (JSON, or raw bytes for primitives).</summary>
    Json,

    /// <summary>
    /// A Redis hash with one field per property of a flat type (every property a string, number, <c>bool</c>, enum,
    /// date, <c>Guid</c>, <c>TimeSpan</c> or <c>byte[]</c>) and a reserved header field, so one property can be read
    /// with one command. See <c>docs/design/hash-layout.md</c>.
    /// </summary>
    Hash,
}
