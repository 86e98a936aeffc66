using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>What the shared rules learned about a <c>[CachedBatch]</c> method. Holds symbols; never leaves a transform.</summary>
internal sealed class BatchMethodFacts
{
    public BatchMethodFacts(IMethodSymbol method) => Method = method;

    public IMethodSymbol Method { get; }

    public List<CacheProblem> Problems { get; } = new();

    public bool HasErrors => Problems.Any(p => p.IsError);

    public ReturnKind ReturnKind { get; set; }

    /// <summary>The parameter holding the ids.</summary>
    public IParameterSymbol? Ids { get; set; }

    /// <summary>The name that stands for one id in the key and tags: the singular of the ids parameter (<c>id</c> for <c>ids</c>).</summary>
    public string IdAlias { get; set; } = "";

    public ITypeSymbol? IdType { get; set; }

    public ITypeSymbol? ValueType { get; set; }

    public SerializerKind SerializerKind { get; set; }

    public IMethodSymbol? Core { get; set; }

    public CacheStoreMember? Store { get; set; }

    public string KeyPrefix { get; set; } = "";

    public ResolvedTemplate? Key { get; set; }

    public List<ResolvedTemplate> Tags { get; } = new();

    public int TtlSeconds { get; set; }

    public int JitterSeconds { get; set; }
}

/// <summary>
/// The validity rules for <c>[CachedBatch]</c> methods, shared by the generator and the analyzers:
/// <c>Task&lt;IReadOnlyDictionary&lt;TKey, TValue&gt;&gt; M(IEnumerable&lt;TKey&gt; ids, …)</c> (or <c>ValueTask</c>),
/// with a core that takes the misses as <c>IReadOnlyList&lt;TKey&gt;</c> (or a type it converts to) and returns the same.
/// </summary>
internal static class BatchMethodAnalysis
{
    public static BatchMethodFacts Analyze(IMethodSymbol method, AttributeData attribute, Compilation compilation, CancellationToken cancellationToken)
    {
        var facts = new BatchMethodFacts(method);
        if (UnboundSignature.Of(method))
        {
            facts.Problems.Add(UnboundSignature.Problem);
            return facts;
        }

        var cancellation = compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken);
        CachedMethodAnalysis.CheckDeclaration(facts.Problems, method);
        CachedMethodAnalysis.CheckParameters(facts.Problems, method);
        if (method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() is KnownTypeNames.CachedAttribute
            || WriteMethodAnalysis.AttributeNames.Contains(a.AttributeClass?.ToDisplayString())) is { } other)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.AttributesConflict, ProblemSite.Attribute, method.Name,
                $"it has [CachedBatch] and [{other.AttributeClass!.Name.Replace("Attribute", "")}]; a batch method only reads") with { Attribute = other });
        }

        cancellationToken.ThrowIfCancellationRequested();
        var dictionary = compilation.GetTypeByMetadataName(KnownTypeNames.IReadOnlyDictionary2);
        var enumerable = compilation.GetTypeByMetadataName(KnownTypeNames.IEnumerable1);
        var list = compilation.GetTypeByMetadataName(KnownTypeNames.IReadOnlyList1);
        if (!ReturnShape.TryRead(method.ReturnType, out var kind, out var returned) || kind == ReturnKind.Synchronous
            || returned is not INamedTypeSymbol { TypeArguments.Length: 2 } named || !SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, dictionary))
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.BatchSignatureUnsupported, ProblemSite.ReturnType, method.Name,
                $"it returns '{method.ReturnType.ToDisplayString()}'; return Task<IReadOnlyDictionary<TKey, TValue>> or ValueTask<IReadOnlyDictionary<TKey, TValue>>"));
            return facts;
        }

        facts.ReturnKind = kind;
        facts.IdType = named.TypeArguments[0];
        facts.ValueType = named.TypeArguments[1];
        var candidates = method.Parameters.Where(p => !SymbolEqualityComparer.Default.Equals(p.Type, cancellation)
            && p.Type.SpecialType != SpecialType.System_String && ElementType(p.Type, enumerable) is not null).ToList();
        if (candidates.Count != 1 || !SymbolEqualityComparer.Default.Equals(ElementType(candidates[0].Type, enumerable), facts.IdType))
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.BatchSignatureUnsupported, ProblemSite.MethodName, method.Name,
                candidates.Count == 1
                    ? $"its ids parameter '{candidates[0].Name}' holds '{ElementType(candidates[0].Type, enumerable)!.ToDisplayString()}', but the dictionary's keys are '{facts.IdType.ToDisplayString()}'; make them the same type"
                    : $"it must take exactly one collection of ids (IEnumerable<{facts.IdType.ToDisplayString()}>), but takes {candidates.Count}"));
            return facts;
        }

        facts.Ids = candidates[0];
        facts.IdAlias = Singular(facts.Ids.Name);
        facts.SerializerKind = ValueTypeClassifier.Classify(facts.ValueType);
        var coreName = CachedMethodAnalysis.Named(attribute, "Core") as string ?? CoreMethodResolver.ConventionalName(method.Name);
        if (!method.IsGenericMethod)
        {
            facts.Core = ResolveCore(facts, coreName, list, out var coreProblem);
            if (coreProblem is not null)
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.CoreMethodMissing,
                    CachedMethodAnalysis.Named(attribute, "Core") is null ? ProblemSite.MethodName : ProblemSite.CoreArgument, method.Name, coreProblem));
            }
        }

        if (compilation.GetTypeByMetadataName(KnownTypeNames.CacheStore) is { } storeType)
        {
            facts.Store = CacheStoreResolver.Resolve(method, storeType, compilation.GetTypeByMetadataName(KnownTypeNames.CacheStoreAttribute), out var storeProblem);
            if (storeProblem is not null)
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.CacheStoreNotFound, ProblemSite.MethodName, method.ContainingType.Name, storeProblem));
            }
        }

        var defaults = CachedMethodAnalysis.TypeDefaults(method);
        (facts.TtlSeconds, facts.JitterSeconds) = CachedMethodAnalysis.ReadTtl(method, attribute, defaults, facts.Problems);
        facts.KeyPrefix = CachedMethodAnalysis.TypeKeyPrefix(defaults);
        var roots = Roots(facts, cancellation);
        var template = CachedMethodAnalysis.Named(attribute, "Key") as string
            ?? string.Concat(new[] { method.Name }.Concat(roots.Where(r => !SymbolEqualityComparer.Default.Equals(r.Type, cancellation)).Select(r => ":<" + r.Name + ">")));
        facts.Key = TemplateResolver.Resolve(template, method, roots, ProblemSite.KeyArgument, null, compilation, cancellation, facts.Problems);
        foreach (var tag in TemplateResolver.Tags(attribute))
        {
            if (TemplateResolver.Resolve(tag.Text, method, roots, ProblemSite.TagArgument, null, compilation, cancellation, facts.Problems, tag.Index) is { } resolved)
            {
                facts.Tags.Add(resolved);
            }
        }

        return facts;
    }

    /// <summary>What key and tag holes may name: one id (by the singular of the ids parameter), then the other parameters.</summary>
    public static IReadOnlyList<HoleRoot> Roots(BatchMethodFacts facts, INamedTypeSymbol? cancellation)
        => new[] { new HoleRoot(facts.IdAlias, facts.IdType!) }
            .Concat(facts.Method.Parameters.Where(p => !SymbolEqualityComparer.Default.Equals(p, facts.Ids) && p.Name != facts.IdAlias).Select(p => new HoleRoot(p.Name, p.Type)))
            .ToList();

    /// <summary><c>ids</c> → <c>id</c>, <c>categories</c> → <c>category</c>; a name with no plural ending stays as it is.</summary>
    public static string Singular(string name)
        => name.EndsWith("ies", StringComparison.Ordinal) && name.Length > 3 ? name.Substring(0, name.Length - 3) + "y"
            : name.EndsWith("s", StringComparison.Ordinal) && !name.EndsWith("ss", StringComparison.Ordinal) && name.Length > 1 ? name.Substring(0, name.Length - 1)
            : name;

    private static ITypeSymbol? ElementType(ITypeSymbol type, INamedTypeSymbol? enumerable)
    {
        if (enumerable is null)
        {
            return null;
        }

        if (type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, enumerable))
        {
            return named.TypeArguments[0];
        }

        return type.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, enumerable))?.TypeArguments[0];
    }

    // The core takes the same parameters, except that the ids come as IReadOnlyList<TKey> (or a type it converts to),
    // and returns the same dictionary, as Task or ValueTask.
    private static IMethodSymbol? ResolveCore(BatchMethodFacts facts, string coreName, INamedTypeSymbol? list, out string? problem)
    {
        problem = null;
        var method = facts.Method;
        var misses = list?.Construct(facts.IdType!);
        var sameName = method.ContainingType.GetMembers(coreName).OfType<IMethodSymbol>()
            .Where(m => !SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, method.OriginalDefinition)).ToList();
        foreach (var core in sameName)
        {
            if (core.IsStatic != method.IsStatic || core.IsGenericMethod || core.Parameters.Length != method.Parameters.Length
                || !ReturnShape.TryRead(core.ReturnType, out var coreKind, out var coreValue) || coreKind == ReturnKind.Synchronous)
            {
                continue;
            }

            var returned = (INamedTypeSymbol)method.ReturnType;
            if (!SymbolEqualityComparer.Default.Equals(coreValue, returned.TypeArguments[0]))
            {
                continue;
            }

            var matches = true;
            for (var i = 0; i < core.Parameters.Length && matches; i++)
            {
                matches = SymbolEqualityComparer.Default.Equals(method.Parameters[i], facts.Ids)
                    ? misses is not null && core.Parameters[i].RefKind == RefKind.None && IsAssignableFrom(core.Parameters[i].Type, misses)
                    : SymbolEqualityComparer.Default.Equals(core.Parameters[i].Type, method.Parameters[i].Type);
            }

            if (matches)
            {
                return core;
            }
        }

        var value = ((INamedTypeSymbol)method.ReturnType).TypeArguments[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var parameters = string.Join(", ", method.Parameters.Select(p => SymbolEqualityComparer.Default.Equals(p, facts.Ids)
            ? $"IReadOnlyList<{facts.IdType!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}> {p.Name}"
            : p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + p.Name));
        var expected = $"'private {(method.IsStatic ? "static " : "")}Task<{value}> {coreName}({parameters})', called with the misses only";
        problem = sameName.Count == 0 ? $"has no core method '{coreName}'; add {expected}" : $"has a method '{coreName}' whose signature does not match; it must be {expected}";
        return null;
    }

    private static bool IsAssignableFrom(ITypeSymbol target, INamedTypeSymbol source)
        => SymbolEqualityComparer.Default.Equals(target, source) || source.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, target));
}
