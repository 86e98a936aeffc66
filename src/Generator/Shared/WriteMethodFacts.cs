using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>Which write pattern stores a value.</summary>
internal enum WriteKind
{
    /// <summary>The method only invalidates.</summary>
    None,

    /// <summary><c>[WriteThrough]</c>: the core first, then the value.</summary>
    Through,

    /// <summary><c>[WriteBehind]</c>: the value now, the core queued.</summary>
    Behind,
}

/// <summary>
/// What the shared rules learned about a write method (<c>[WriteThrough]</c>, <c>[WriteBehind]</c>,
/// <c>[Invalidates]</c>, <c>[InvalidatesTag]</c>, in any valid combination). Holds symbols; never leaves a transform.
/// </summary>
internal sealed class WriteMethodFacts
{
    public WriteMethodFacts(IMethodSymbol method) => Method = method;

    public IMethodSymbol Method { get; }

    public List<CacheProblem> Problems { get; } = new();

    public bool HasErrors => Problems.Any(p => p.IsError);

    public ReturnKind ReturnKind { get; set; }

    /// <summary>The value the method returns, or null for <c>void</c>, <c>Task</c>, <c>ValueTask</c>.</summary>
    public ITypeSymbol? ResultType { get; set; }

    public IMethodSymbol? Core { get; set; }

    public CacheStoreMember? Store { get; set; }

    public string KeyPrefix { get; set; } = "";

    public WriteKind Kind { get; set; }

    /// <summary>The key of the stored value (write-through or write-behind).</summary>
    public ResolvedTemplate? StoredKey { get; set; }

    public List<ResolvedTemplate> StoredTags { get; } = new();

    /// <summary>The parameter whose value is stored, or null when the result is.</summary>
    public IParameterSymbol? ValueParameter { get; set; }

    public ITypeSymbol? StoredType { get; set; }

    public SerializerKind StoredSerializer { get; set; }

    public int TtlSeconds { get; set; }

    public int JitterSeconds { get; set; }

    public List<ResolvedTemplate> InvalidatedKeys { get; } = new();

    public List<ResolvedTemplate> InvalidatedTags { get; } = new();

    /// <summary>For write-behind: each queued argument (every parameter but cancellation tokens) and how it is serialized.</summary>
    public List<(IParameterSymbol Parameter, SerializerKind Kind)> QueuedArguments { get; } = new();

    /// <summary>The types that need a JSON context, with where a problem about each belongs.</summary>
    public List<(ITypeSymbol Type, ProblemSite Site, int ParameterIndex)> JsonTypes { get; } = new();
}
