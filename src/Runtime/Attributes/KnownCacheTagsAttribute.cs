using System;

namespace Caching;

/// <summary>
/// Declares tags that this assembly shares with code the analyzers cannot see: tags attached by <c>[Cached]</c>
/// methods of another assembly and invalidated here, or attached here and invalidated elsewhere (another
/// assembly, or a direct call to <see cref="ICacheStore.InvalidateTagAsync"/>). The tag checks CACHE011 (a tag
/// invalidated but never attached) and CACHE012 (a tag attached but never invalidated) treat these tags as known.
/// It has no effect at run time.
/// </summary>
/// <remarks>
/// Tags are templates, compared by shape: literal text and holes, whatever the holes are named, so
/// <c>"user:&lt;id&gt;"</c> also declares the <c>"user:&lt;userId&gt;"</c> that another method writes.
/// </remarks>
/// <example>
/// <code>
/// [assembly: KnownCacheTags("user:&lt;id&gt;", "users")]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class KnownCacheTagsAttribute : Attribute
{
    /// <summary>Declares <paramref name="tags"/>.</summary>
    /// <param name="tags">Tag templates, as written in <see cref="CachedAttribute.Tags"/> or <see cref="InvalidatesTagAttribute"/>.</param>
    public KnownCacheTagsAttribute(params string[] tags) => Tags = tags ?? Array.Empty<string>();

    /// <summary>The declared tag templates.</summary>
    public string[] Tags { get; }
}
