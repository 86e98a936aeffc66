using System;

namespace Caching;

/// <summary>
/// Marks a <c>partial</c> write method whose body the generator writes: the core runs first, then every entry
/// carrying the tag (see <see cref="CachedAttribute.Tags"/>) becomes a miss, in one Redis command. The tag is
/// templated like a key (<c>"user:&lt;id&gt;"</c>). Several may be applied.
/// </summary>
/// <example>
/// <code>
/// [InvalidatesTag("user:&lt;id&gt;")]
/// public partial Task DeleteUserAsync(int id);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class InvalidatesTagAttribute : Attribute
{
    /// <summary>Invalidates <paramref name="tag"/>.</summary>
    /// <param name="tag">The tag template.</param>
    public InvalidatesTagAttribute(string tag) => Tag = tag;

    /// <summary>The tag template.</summary>
    public string Tag { get; }

    /// <summary>The name of the method that does the write (use <c>nameof</c>); by default <c>&lt;Name&gt;Core</c>.</summary>
    public string? Core { get; set; }
}
