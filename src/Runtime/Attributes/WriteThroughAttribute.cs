using System;

namespace Caching;

/// <summary>
/// Marks a <c>partial</c> write method whose body the generator writes as write-through: the core (the database
/// write) runs first; only when it succeeds is the value stored under <see cref="Key"/> with its time to live. If
/// the core throws, the cache is untouched and the exception reaches the caller; if the cache write fails, the
/// entry is invalidated so no stale value survives, and the caller still succeeds.
/// </summary>
/// <example>
/// <code>
/// [WriteThrough(Key = "user:&lt;user.Id&gt;", Ttl = 600)]
/// public partial Task SaveUserAsync(User user, CancellationToken ct = default);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WriteThroughAttribute : Attribute
{
    /// <summary>The key template, as on <see cref="CachedAttribute.Key"/>; it must give the key the reading <c>[Cached]</c> method uses.</summary>
    public string? Key { get; set; }

    /// <summary>Time to live in seconds. When 0, the type's <see cref="CacheDefaultsAttribute.Ttl"/> applies.</summary>
    public int Ttl { get; set; }

    /// <summary>The most seconds added at random to <see cref="Ttl"/>; -1 (the default) takes the type's default.</summary>
    public int Jitter { get; set; } = -1;

    /// <summary>
    /// The parameter whose value is stored, for a method that returns no value. When omitted, the method's result
    /// is stored, or else its only parameter besides cancellation tokens.
    /// </summary>
    public string? Value { get; set; }

    /// <summary>The tags of the entry; give the same tags as the reading <c>[Cached]</c> method, or its readers see a miss.</summary>
    public string[]? Tags { get; set; }

    /// <summary>The name of the method that does the write (use <c>nameof</c>); by default <c>&lt;Name&gt;Core</c>.</summary>
    public string? Core { get; set; }
}
