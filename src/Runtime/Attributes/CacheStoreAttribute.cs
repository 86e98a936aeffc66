using System;

namespace Caching;

/// <summary>
/// Names the <see cref="ICacheStore"/> that generated methods of the type use, when the type has more than one
/// field, property or primary-constructor parameter of that type.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class CacheStoreAttribute : Attribute
{
}
