using System;

namespace Caching;

/// <summary>
/// Marks a parameter of a <c>[Cached]</c> method as deliberately left out of the cache key: a value that does not
/// change the result, such as a logger, a trace id or a timeout. Without it, a parameter the key template does not
/// use is reported (CACHE008), because calls that differ only in it would share one cached result. A method without
/// a <c>Key</c> leaves such parameters out of its default key.
/// </summary>
/// <example>
/// <code>
/// [Cached(Key = "user:&lt;id&gt;", Ttl = 600)]
/// public partial Task&lt;User?&gt; GetUserAsync(int id, [NotCacheKey] string? traceId = null);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NotCacheKeyAttribute : Attribute
{
}
