using System;

namespace Caching;

/// <summary>
/// Marks a <c>partial</c> method whose body the Caching.Generators source generator writes as cache-aside over
/// Redis: the key is built from <see cref="Key"/>, a hit is deserialized and returned, a miss calls the core
/// method (<c>GetUserAsync</c> → <c>GetUserCoreAsync</c>, or the one named by <see cref="Core"/>) and stores its
/// result with an expiry of <see cref="Ttl"/> plus a random share of <see cref="Jitter"/> seconds.
/// </summary>
/// <example>
/// <code>
/// [Cached(Key = "user:&lt;id&gt;", Ttl = 600, Jitter = 60)]
/// public partial Task&lt;User?&gt; GetUserAsync(int id, CancellationToken ct = default);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CachedAttribute : Attribute
{
    /// <summary>
    /// The key template: literal text and <c>&lt;parameter&gt;</c>, <c>&lt;parameter.Property&gt;</c> or
    /// <c>&lt;parameter:format&gt;</c> holes. Braces keep their Redis meaning (a cluster hash tag). When omitted, the
    /// key is the method name followed by every parameter except cancellation tokens, separated by colons.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Time to live in seconds. When 0, the type's <see cref="CacheDefaultsAttribute.Ttl"/> applies.</summary>
    public int Ttl { get; set; }

    /// <summary>
    /// The most seconds added at random to <see cref="Ttl"/>, so entries written together do not expire together.
    /// When -1 (the default), the type's <see cref="CacheDefaultsAttribute.Jitter"/> applies, or else none.
    /// </summary>
    public int Jitter { get; set; } = -1;

    /// <summary>
    /// Tags attached to each entry, templated like <see cref="Key"/> (<c>"user:&lt;id&gt;"</c>). Invalidating a tag
    /// (<see cref="InvalidatesTagAttribute"/> or <see cref="ICacheStore.InvalidateTagAsync"/>) makes every entry
    /// carrying it a miss, in one Redis command whatever their number.
    /// </summary>
    public string[]? Tags { get; set; }

    /// <summary>The name of the method that computes the value (use <c>nameof</c>); by default <c>&lt;Name&gt;Core</c>.</summary>
    public string? Core { get; set; }

    /// <summary>
    /// Adaptive TTL: the name (use <c>nameof</c>) of a <c>static TimeSpan Method(T value)</c> of this type that decides
    /// each value's time to live, in place of <see cref="Ttl"/> (jitter is still added). A zero or negative result
    /// means "do not cache this value". Checked at compile time (CACHE030).
    /// </summary>
    public string? TtlFor { get; set; }
    /// <summary>
    /// L1: seconds a value is also kept in process memory, in front of Redis, served with no round trip and no
    /// allocation (typed by the key's hole values). Invalidations reach every process's L1 over Redis pub/sub. 0 turns
    /// L1 off; -1 (the default) takes the type's <see cref="CacheDefaultsAttribute.LocalTtl"/>. At most <see cref="Ttl"/>.
    /// Values served from L1 are shared instances: treat cached values as immutable.
    /// </summary>
    public int LocalTtl { get; set; } = -1;

    /// <summary>The most L1 entries this method keeps per store (least recently used go first); 0 (the default) takes the type's, or 10,000.</summary>
    public int LocalCapacity { get; set; }

    /// <summary>
    /// Fail-safe: seconds after its expiry that a value may still be served when the core throws or is slower than
    /// <see cref="HardTimeout"/> or <see cref="SoftTimeout"/>; entries live this much longer in Redis. 0 turns it off;
    /// -1 (the default) takes the type's.
    /// </summary>
    public int FailSafe { get; set; } = -1;

    /// <summary>
    /// Milliseconds to wait for the core when a fail-safe value is at hand; after that the stale value is returned and
    /// the core finishes in the background to refresh the entry. Needs <see cref="FailSafe"/>. 0 waits; -1 (the default)
    /// takes the type's.
    /// </summary>
    public int SoftTimeout { get; set; } = -1;

    /// <summary>
    /// Milliseconds after which the stale value is returned however long <see cref="SoftTimeout"/> is; the core still
    /// finishes in the background. Needs <see cref="FailSafe"/>. 0 waits; -1 (the default) takes the type's.
    /// </summary>
    public int HardTimeout { get; set; } = -1;

    /// <summary>
    /// Refresh-ahead: a hit on an entry older than this fraction of its time to live (0.8 = the last fifth) starts one
    /// background refresh through the core, so hot keys do not expire in front of callers. 0 turns it off; -1 (the
    /// default) takes the type's.
    /// </summary>
    public double RefreshAhead { get; set; } = -1;

    /// <summary>
    /// Compress a serialized value larger than this many bytes with LZ4 before it goes to Redis (only when that makes
    /// it smaller; the entry's header says so, and every reader decompresses). 0 never compresses; -1 (the default)
    /// takes the type's. See <c>docs/design/compression.md</c> for the measured ratio and cost.
    /// </summary>
    public int CompressAbove { get; set; } = -1;

    /// <summary>
    /// How values are stored: <see cref="CacheLayout.Json"/> (the default, one string entry) or
    /// <see cref="CacheLayout.Hash"/> (a Redis hash with one field per property of a flat type, and a generated
    /// <c>Get&lt;Name&gt;&lt;Property&gt;Async</c> per property that reads one field with one command). Checked at
    /// compile time (CACHE032); see <c>docs/design/hash-layout.md</c>.
    /// </summary>
    public CacheLayout Layout { get; set; }
}
