using System;

namespace Caching;

/// <summary>
/// Marks a <c>partial</c> write method whose body the generator writes: the core runs first, then the entry under
/// <see cref="Key"/> is invalidated. Several may be applied, with <see cref="InvalidatesTagAttribute"/> too.
/// Invalidation leaves a short-lived marker, so a read that started before it cannot store the older value after it.
/// </summary>
/// <example>
/// <code>
/// [Invalidates(Key = "user:&lt;id&gt;")]
/// public partial Task DeleteUserAsync(int id);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class InvalidatesAttribute : Attribute
{
    /// <summary>The key template of the entry to invalidate, as on the reading method's <see cref="CachedAttribute.Key"/>.</summary>
    public string? Key { get; set; }

    /// <summary>The name of the method that does the write (use <c>nameof</c>); by default <c>&lt;Name&gt;Core</c>.</summary>
    public string? Core { get; set; }
}
