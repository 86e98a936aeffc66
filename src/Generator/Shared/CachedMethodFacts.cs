using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>
/// What the shared rules learned about one <c>[Cached]</c> method: its problems and, when it is valid, everything
/// the generator needs. Holds symbols, so it never leaves a transform; the generator turns it into a model.
/// </summary>
internal sealed class CachedMethodFacts
{
    public CachedMethodFacts(IMethodSymbol method) => Method = method;

    public IMethodSymbol Method { get; }

    public List<CacheProblem> Problems { get; } = new();

    public bool HasErrors => Problems.Any(p => p.IsError);

    public ReturnKind ReturnKind { get; set; }

    public ITypeSymbol? ValueType { get; set; }

    public SerializerKind SerializerKind { get; set; }

    public IMethodSymbol? Core { get; set; }

    public CacheStoreMember? Store { get; set; }

    public string KeyPrefix { get; set; } = "";

    public string KeyTemplateText { get; set; } = "";

    public List<KeyTemplatePart> KeyParts { get; } = new();

    public List<ResolvedHole> Holes { get; } = new();

    /// <summary>The resolved <c>Tags</c> templates.</summary>
    public List<ResolvedTemplate> Tags { get; } = new();

    public int TtlSeconds { get; set; }

    public int JitterSeconds { get; set; }

    /// <summary>L1, fail-safe, timeouts and refresh-ahead.</summary>
    public ExpirySettings Expiry { get; set; } = ExpirySettings.None;

    /// <summary><c>Layout = Hash</c>: the stored properties, when the value can be stored as a hash; null otherwise.</summary>
    public List<HashProperty>? Hash { get; set; }

    /// <summary>The adaptive TTL method named by <c>TtlFor</c>, when it is valid.</summary>
    public IMethodSymbol? TtlFor { get; set; }
}
