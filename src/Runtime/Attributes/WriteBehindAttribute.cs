using System;

namespace Caching;

/// <summary>
/// Marks a <c>partial</c> write method whose body the generator writes as write-behind: the call is queued durably
/// in a Redis Stream, the value is stored under <see cref="Key"/> at once, and the call returns. A
/// <see cref="WriteBehindWorker"/> runs the core later, with retries, at least once; a call that keeps failing
/// moves to a dead-letter stream. When Redis cannot take the call, the core runs at once instead, so no write is
/// lost. The arguments are serialized like cached values (no reflection).
/// </summary>
/// <example>
/// <code>
/// [WriteBehind(Key = "user:&lt;user.Id&gt;", Ttl = 600)]
/// public partial Task SaveUserLaterAsync(User user);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WriteBehindAttribute : Attribute
{
    /// <summary>The key template, as on <see cref="CachedAttribute.Key"/>.</summary>
    public string? Key { get; set; }

    /// <summary>Time to live in seconds. When 0, the type's <see cref="CacheDefaultsAttribute.Ttl"/> applies.</summary>
    public int Ttl { get; set; }

    /// <summary>The most seconds added at random to <see cref="Ttl"/>; -1 (the default) takes the type's default.</summary>
    public int Jitter { get; set; } = -1;

    /// <summary>The parameter whose value is stored; by default the only parameter besides cancellation tokens.</summary>
    public string? Value { get; set; }

    /// <summary>The tags of the entry, as on <see cref="CachedAttribute.Tags"/>.</summary>
    public string[]? Tags { get; set; }

    /// <summary>The name of the method that does the write (use <c>nameof</c>); by default <c>&lt;Name&gt;Core</c>.</summary>
    public string? Core { get; set; }
}
