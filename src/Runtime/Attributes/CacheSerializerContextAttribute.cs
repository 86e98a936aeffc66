using System;

namespace Caching;

/// <summary>
/// Names the System.Text.Json source-generated <c>JsonSerializerContext</c> that generated code uses for cached
/// types that are not stored raw. Without it, the generator uses the context in the compilation that lists the type.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class CacheSerializerContextAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="contextType">A class deriving from <c>System.Text.Json.Serialization.JsonSerializerContext</c>.</param>
    public CacheSerializerContextAttribute(Type contextType) => ContextType = contextType;

    /// <summary>The context type.</summary>
    public Type ContextType { get; }
}
