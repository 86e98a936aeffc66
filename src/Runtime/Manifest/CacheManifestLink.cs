using System;

namespace Caching;

/// <summary>
/// One edge between a write method and a cached method of the <see cref="CacheManifest"/>: on a cached method's
/// entry it names the method that invalidates it; on a write method's entry, the cached method it invalidates.
/// </summary>
/// <remarks>
/// Matched at compile time from the templates: a key when the two key shapes are equal (the generator deletes exactly
/// these keys), a tag when the two tag templates line up (see the manifest documentation). A link means the write
/// can invalidate entries of the cached method, usually only some of them (the ones its arguments name).
/// </remarks>
public sealed class CacheManifestLink
{
    /// <summary>Creates a link; called by generated code.</summary>
    /// <param name="declaringType">The other method's type, as C# displays it (<c>App.UserRepository</c>).</param>
    /// <param name="method">The other method's name.</param>
    /// <param name="kind">How the write reaches the cached entries.</param>
    /// <param name="template">The write method's key or tag template that matched, as written.</param>
    public CacheManifestLink(string declaringType, string method, CacheManifestLinkKind kind, string template)
    {
        ArgumentNullException.ThrowIfNull(declaringType);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(template);
        DeclaringType = declaringType;
        Method = method;
        Kind = kind;
        Template = template;
    }

    /// <summary>The other method's type, as C# displays it (<c>App.UserRepository</c>).</summary>
    public string DeclaringType { get; }

    /// <summary>The other method's name.</summary>
    public string Method { get; }

    /// <summary>How the write reaches the cached entries.</summary>
    public CacheManifestLinkKind Kind { get; }

    /// <summary>The write method's key or tag template that matched, as written.</summary>
    public string Template { get; }
}
