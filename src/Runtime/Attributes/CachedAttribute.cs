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
}
