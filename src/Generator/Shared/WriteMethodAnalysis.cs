using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>
/// The validity rules for write methods, shared by the generator and the analyzers: <c>[WriteThrough]</c> or
/// <c>[WriteBehind]</c> (at most one) with any number of <c>[Invalidates]</c> and <c>[InvalidatesTag]</c>.
/// </summary>
internal static class WriteMethodAnalysis
{
    /// <summary>The metadata names of the write attributes, in the order that picks the one whose pipeline generates the method.</summary>
    public static readonly string[] AttributeNames =
    {
        KnownTypeNames.WriteThroughAttribute,
        KnownTypeNames.WriteBehindAttribute,
        KnownTypeNames.InvalidatesAttribute,
        KnownTypeNames.InvalidatesTagAttribute,
    };

    /// <summary>Whether <paramref name="method"/>'s first write attribute (in <see cref="AttributeNames"/> order) is <paramref name="attributeName"/>, so one pipeline, and only one, handles it.</summary>
    public static bool IsPrimary(IMethodSymbol method, string attributeName)
        => AttributeNames.FirstOrDefault(name => method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == name)) == attributeName;

    public static WriteMethodFacts Analyze(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        var facts = new WriteMethodFacts(method);
        if (UnboundSignature.Of(method))
        {
            facts.Problems.Add(UnboundSignature.Problem);
            return facts;
        }

        var attributes = method.GetAttributes();
        AttributeData? Find(string name) => attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == name);
        var through = Find(KnownTypeNames.WriteThroughAttribute);
        var behind = Find(KnownTypeNames.WriteBehindAttribute);
        var invalidates = attributes.Where(a => a.AttributeClass?.ToDisplayString() == KnownTypeNames.InvalidatesAttribute).ToList();
        var invalidatesTags = attributes.Where(a => a.AttributeClass?.ToDisplayString() == KnownTypeNames.InvalidatesTagAttribute).ToList();
        var cancellation = compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken);

        CachedMethodAnalysis.CheckDeclaration(facts.Problems, method);
        CachedMethodAnalysis.CheckParameters(facts.Problems, method);
        if (through is not null && behind is not null)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.AttributesConflict, ProblemSite.Attribute, method.Name,
                "it has both [WriteThrough] and [WriteBehind]; keep one") with { Attribute = behind });
        }

        if ((Find(KnownTypeNames.CachedAttribute) ?? Find(KnownTypeNames.CachedBatchAttribute)) is { } reader)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.AttributesConflict, ProblemSite.Attribute, method.Name,
                $"it reads through the cache ([{Short(reader)}]) and writes; split it into a reading and a writing method") with { Attribute = reader });
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!ReturnShape.TryReadWithoutValue(method.ReturnType, out var kind, out var result) || (result is not null && (result.IsRefLikeType || result.TypeKind == TypeKind.Pointer)))
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.ReturnTypeUnsupported, ProblemSite.ReturnType, method.ReturnType.ToDisplayString(),
                "a write method returns Task, ValueTask, Task<T> or ValueTask<T>"));
            return facts;
        }

        if (kind == ReturnKind.Synchronous)
        {
            // The cache writes after the core must be awaited; a synchronous method would block on them.
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.ReturnTypeUnsupported, ProblemSite.ReturnType, method.ReturnType.ToDisplayString(),
                "a write method is asynchronous, so the cache writes after its core are awaited, not blocked on; return Task, ValueTask, Task<T> or ValueTask<T>"));
        }

        facts.ReturnKind = kind;
        facts.ResultType = result;
        var all = new[] { through, behind }.Concat(invalidates).Concat(invalidatesTags).Where(a => a is not null).Select(a => a!).ToList();
        var coreAttribute = all.FirstOrDefault(a => CachedMethodAnalysis.Named(a, "Core") is string);
        var coreName = coreAttribute is null ? CoreMethodResolver.ConventionalName(method.Name) : (string)CachedMethodAnalysis.Named(coreAttribute, "Core")!;
        if (!method.IsGenericMethod)
        {
            facts.Core = CoreMethodResolver.Resolve(method, coreName, kind, result, compilation, out var coreProblem);
            if (coreProblem is not null)
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.CoreMethodMissing,
                    coreAttribute is null ? ProblemSite.MethodName : ProblemSite.CoreArgument, method.Name, coreProblem) with { Attribute = coreAttribute });
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
        facts.KeyPrefix = CachedMethodAnalysis.TypeKeyPrefix(defaults);
        var roots = KeyHoleResolver.ParameterRoots(method);
        if ((through ?? behind) is { } writer)
        {
            ReadStoredValue(facts, writer, behind is not null && through is null, defaults, roots, compilation, cancellation);
        }

        foreach (var attribute in invalidates)
        {
            if (RequiredKey(facts, attribute) is { } template
                && TemplateResolver.Resolve(template, method, roots, ProblemSite.KeyArgument, attribute, compilation, cancellation, facts.Problems) is { } key)
            {
                facts.InvalidatedKeys.Add(key);
            }
        }

        foreach (var attribute in invalidatesTags)
        {
            var tag = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            if (string.IsNullOrEmpty(tag))
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.KeyTemplateMalformed, ProblemSite.TagArgument, "the tag is empty; give the tag template to invalidate, as in [InvalidatesTag(\"user:<id>\")]") with { Attribute = attribute });
            }
            else if (TemplateResolver.Resolve(tag!, method, roots, ProblemSite.TagArgument, attribute, compilation, cancellation, facts.Problems) is { } resolved)
            {
                facts.InvalidatedTags.Add(resolved);
            }
        }

        return facts;
    }

    private static void ReadStoredValue(
        WriteMethodFacts facts, AttributeData writer, bool isBehind, AttributeData? defaults, IReadOnlyList<HoleRoot> roots, Compilation compilation, INamedTypeSymbol? cancellation)
    {
        var method = facts.Method;
        facts.Kind = isBehind ? WriteKind.Behind : WriteKind.Through;
        var (ttl, jitter) = CachedMethodAnalysis.ReadTtl(method, writer, defaults, facts.Problems);
        facts.TtlSeconds = ttl;
        facts.JitterSeconds = jitter;
        if (RequiredKey(facts, writer) is { } template)
        {
            facts.StoredKey = TemplateResolver.Resolve(template, method, roots, ProblemSite.KeyArgument, writer, compilation, cancellation, facts.Problems);
        }

        foreach (var tag in TemplateResolver.Tags(writer))
        {
            if (TemplateResolver.Resolve(tag.Text, method, roots, ProblemSite.TagArgument, writer, compilation, cancellation, facts.Problems, tag.Index) is { } resolved)
            {
                facts.StoredTags.Add(resolved);
            }
        }

        var candidates = method.Parameters.Where(p => !SymbolEqualityComparer.Default.Equals(p.Type, cancellation)).ToList();
        if (isBehind && facts.ResultType is not null)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.ReturnTypeUnsupported, ProblemSite.ReturnType, method.ReturnType.ToDisplayString(),
                "a write-behind method returns before its core runs, so it cannot return the core's result; return Task or ValueTask") with { Attribute = writer });
        }

        if (CachedMethodAnalysis.Named(writer, "Value") is string valueName)
        {
            facts.ValueParameter = candidates.FirstOrDefault(p => p.Name == valueName);
            if (facts.ValueParameter is null)
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.StoredValueUnknown, ProblemSite.ValueArgument, method.Name,
                    $"Value names '{valueName}', which is not one of its parameters; use one of: {string.Join(", ", candidates.Select(p => p.Name))}") with { Attribute = writer });
            }
        }
        else if (facts.ResultType is null || isBehind)
        {
            if (candidates.Count == 1)
            {
                facts.ValueParameter = candidates[0];
            }
            else
            {
                // With several parameters the attribute needs a Value, so the problem is on it; with none, the
                // signature needs a value to store, so it is on the method.
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.StoredValueUnknown, candidates.Count == 0 ? ProblemSite.MethodName : ProblemSite.Attribute, method.Name,
                    candidates.Count == 0
                        ? "it returns nothing and has no parameter to store; return the stored value, or add the value as a parameter"
                        : $"it returns nothing and has {candidates.Count} parameters; name the one to store with Value = nameof(...)") with { Attribute = writer });
            }
        }

        facts.StoredType = facts.ValueParameter?.Type ?? facts.ResultType;
        if (facts.StoredType is not null)
        {
            facts.StoredSerializer = ValueTypeClassifier.Classify(facts.StoredType);
            if (facts.StoredSerializer == SerializerKind.Json)
            {
                facts.JsonTypes.Add((facts.StoredType, facts.ValueParameter is null ? ProblemSite.ReturnType : ProblemSite.Parameter, facts.ValueParameter?.Ordinal ?? -1));
            }
        }

        if (isBehind)
        {
            foreach (var parameter in candidates)
            {
                var kind = ValueTypeClassifier.Classify(parameter.Type);
                facts.QueuedArguments.Add((parameter, kind));
                if (kind == SerializerKind.Json && !SymbolEqualityComparer.Default.Equals(parameter, facts.ValueParameter))
                {
                    facts.JsonTypes.Add((parameter.Type, ProblemSite.Parameter, parameter.Ordinal));
                }
            }
        }
    }

    private static string? RequiredKey(WriteMethodFacts facts, AttributeData attribute)
    {
        if (CachedMethodAnalysis.Named(attribute, "Key") is string { Length: > 0 } key)
        {
            return key;
        }

        facts.Problems.Add(CacheProblem.Error(DiagnosticIds.KeyTemplateMalformed, ProblemSite.KeyArgument,
            $"[{Short(attribute)}] needs a Key: the template of the entry it writes or invalidates, as on the reading [Cached] method") with { Attribute = attribute });
        return null;
    }

    private static string Short(AttributeData attribute)
    {
        var name = attribute.AttributeClass?.Name ?? "";
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - 9) : name;
    }
}
