using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators.Shared;

/// <summary>
/// The validity rules for <c>[Cached]</c> methods, shared by the generator (which emits nothing for a method with
/// an error) and the analyzers (which report every problem), so the two always agree.
/// </summary>
internal static class CachedMethodAnalysis
{
    /// <param name="method">The annotated method (its partial definition).</param>
    /// <param name="attribute">Its <c>[Cached]</c> attribute.</param>
    /// <param name="compilation">The compilation, to resolve well-known types.</param>
    /// <param name="findJsonContext">
    /// For the analyzer: given a type needing JSON, a problem message when no context covers it, or null. The
    /// generator passes null and checks coverage in its own incremental step.
    /// </param>
    /// <param name="cancellationToken">Cancels the analysis.</param>
    public static CachedMethodFacts Analyze(
        IMethodSymbol method, AttributeData attribute, Compilation compilation, Func<ITypeSymbol, string?>? findJsonContext, CancellationToken cancellationToken)
    {
        var facts = new CachedMethodFacts(method);
        if (UnboundSignature.Of(method))
        {
            facts.Problems.Add(UnboundSignature.Problem);
            return facts;
        }

        var cancellation = compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken);
        CheckDeclaration(facts.Problems, method);
        CheckParameters(facts.Problems, method);
        cancellationToken.ThrowIfCancellationRequested();

        if (!ReturnShape.TryRead(method.ReturnType, out var kind, out var valueType) || valueType.IsRefLikeType || valueType.TypeKind == TypeKind.Pointer)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.ReturnTypeUnsupported, ProblemSite.ReturnType, method.ReturnType.ToDisplayString(),
                "a cached method returns the value as T, Task<T> or ValueTask<T>"));
        }
        else
        {
            string? coreProblem = null;
            facts.ReturnKind = kind;
            facts.ValueType = valueType;
            ValueChecks.Synchronous(facts.Problems, method, kind);
            facts.SerializerKind = HashLayoutAnalysis.IsHash(attribute) ? SerializerKind.Hash : ValueTypeClassifier.Classify(valueType);
            if (facts.SerializerKind == SerializerKind.Json && findJsonContext?.Invoke(valueType) is { } missing)
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.NoReflectionFreeSerializer, ProblemSite.ReturnType, valueType.ToDisplayString(), missing)
                    with { FixData = JsonFixData(valueType) });
            }

            // A generic method is already an error (CACHE016); its core cannot match a non-generic signature.
            var coreName = Named(attribute, "Core") as string ?? CoreMethodResolver.ConventionalName(method.Name);
            facts.Core = method.IsGenericMethod ? null : CoreMethodResolver.Resolve(method, coreName, kind, valueType, compilation, out coreProblem);
            if (coreProblem is not null)
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.CoreMethodMissing,
                    Named(attribute, "Core") is null ? ProblemSite.MethodName : ProblemSite.CoreArgument, method.Name, coreProblem));
            }

            if (Named(attribute, "TtlFor") is string ttlFor)
            {
                facts.TtlFor = AdaptiveTtlResolver.Resolve(method, ttlFor, valueType, compilation, out var ttlForProblem);
                if (ttlForProblem is not null)
                {
                    facts.Problems.Add(CacheProblem.Error(DiagnosticIds.TtlForInvalid, ProblemSite.TtlForArgument, method.Name, ttlForProblem));
                }
            }
        }

        var storeType = compilation.GetTypeByMetadataName(KnownTypeNames.CacheStore);
        if (storeType is not null)
        {
            facts.Store = CacheStoreResolver.Resolve(method, storeType, compilation.GetTypeByMetadataName(KnownTypeNames.CacheStoreAttribute), out var storeProblem);
            if (storeProblem is not null)
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.CacheStoreNotFound, ProblemSite.MethodName, method.ContainingType.Name, storeProblem));
            }
        }

        var defaults = TypeDefaults(method);
        CheckTtl(facts, attribute, defaults);
        if (facts.ValueType is { } value)
        {
            ValueChecks.SharedMutableValue(facts.Problems, method, value, facts.Expiry.LocalTtl);
        }

        if (facts.SerializerKind == SerializerKind.Hash)
        {
            facts.Hash = HashLayoutAnalysis.Analyze(facts, attribute, defaults);
        }

        cancellationToken.ThrowIfCancellationRequested();
        ReadKey(facts, attribute, defaults, compilation, cancellation);
        return facts;
    }

    public static void CheckDeclaration(List<CacheProblem> problems, IMethodSymbol method)
    {
        var declaration = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (declaration is null || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword) || declaration.Body is not null || declaration.ExpressionBody is not null)
        {
            problems.Add(CacheProblem.Error(DiagnosticIds.NotPartial, ProblemSite.MethodName, method.Name,
                "declare it as a partial method without a body, as in 'partial " + method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + method.Name + "(...);'"));
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                problems.Add(CacheProblem.Error(DiagnosticIds.NotPartial, ProblemSite.MethodName, method.Name,
                    "add 'partial' to the declaration of '" + type.Name + "'"));
            }

            if (type.IsGenericType)
            {
                problems.Add(CacheProblem.Error(DiagnosticIds.GenericNotSupported, ProblemSite.MethodName, method.Name, "its containing type '" + type.Name + "' is generic"));
            }
        }

        if (method.IsGenericMethod)
        {
            problems.Add(CacheProblem.Error(DiagnosticIds.GenericNotSupported, ProblemSite.MethodName, method.Name, "it has type parameters"));
        }
    }

    public static void CheckParameters(List<CacheProblem> problems, IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            var reason = parameter.RefKind != RefKind.None ? $"is passed by '{RefKeyword(parameter.RefKind)}'"
                : parameter.Type.IsRefLikeType ? "is a ref struct"
                : parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer ? "is a pointer"
                : null;
            if (reason is not null)
            {
                problems.Add(new CacheProblem(DiagnosticIds.ParameterUnsupported, true, ProblemSite.Parameter, parameter.Ordinal, new[] { parameter.Name, reason }));
            }
        }
    }

    // As written in C#: RefKind.RefReadOnlyParameter is 'ref readonly'.
    private static string RefKeyword(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        RefKind.In => "in",
        RefKind.RefReadOnlyParameter => "ref readonly",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static void CheckTtl(CachedMethodFacts facts, AttributeData attribute, AttributeData? defaults)
    {
        var (ttl, jitter) = ReadTtl(facts.Method, attribute, defaults, facts.Problems);
        facts.TtlSeconds = ttl;
        facts.JitterSeconds = jitter;
        facts.Expiry = ExpirySettings.Read(facts.Method, attribute, defaults, ttl, facts.Problems);
    }

    /// <summary>
    /// The effective TTL and jitter of an attribute with <c>Ttl</c> and <c>Jitter</c>, after the type's defaults;
    /// problems when they are invalid. A TTL of 0 means neither sets one: the store's <c>DefaultTtl</c> applies at run time.
    /// </summary>
    public static (int Ttl, int Jitter) ReadTtl(IMethodSymbol method, AttributeData attribute, AttributeData? defaults, List<CacheProblem> problems)
    {
        var ttl = Named(attribute, "Ttl") as int? ?? 0;
        var jitter = Named(attribute, "Jitter") as int? ?? -1;
        var defaultTtl = defaults is null ? 0 : Named(defaults, "Ttl") as int? ?? 0;
        var defaultJitter = defaults is null ? 0 : Named(defaults, "Jitter") as int? ?? 0;
        var effectiveTtl = ttl != 0 ? ttl : defaultTtl;
        var effectiveJitter = jitter >= 0 ? jitter : Math.Max(defaultJitter, 0);
        var problem = ttl < 0 ? $"Ttl is {ttl}; it must be a positive number of seconds"
            : effectiveTtl < 0 ? $"[CacheDefaults] Ttl is {effectiveTtl}; it must be a positive number of seconds, or 0 for the store's DefaultTtl"
            : jitter < -1 || defaultJitter < 0 ? "Jitter is negative; it must be 0 or more seconds"
            : effectiveTtl > 0 && effectiveJitter >= effectiveTtl ? $"Jitter ({effectiveJitter}) must be less than Ttl ({effectiveTtl}); a tenth of the TTL is usual"
            : null;
        if (problem is not null)
        {
            // The fix sets the method's own jitter to a tenth of the TTL; a jitter from [CacheDefaults] is not its to change.
            var jitterFix = ttl >= 0 && effectiveTtl > 0 && jitter >= 0 && defaultJitter >= 0 && effectiveJitter >= effectiveTtl
                ? new Dictionary<string, string> { [FixDataKeys.JitterTtl] = effectiveTtl.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                : null;
            problems.Add(CacheProblem.Error(DiagnosticIds.TtlInvalid, ProblemSite.TtlArgument, method.Name, problem) with { Attribute = attribute, FixData = jitterFix });
        }

        return (effectiveTtl, effectiveJitter);
    }

    private static void ReadKey(CachedMethodFacts facts, AttributeData attribute, AttributeData? defaults, Compilation compilation, INamedTypeSymbol? cancellation)
    {
        var method = facts.Method;
        facts.KeyPrefix = TypeKeyPrefix(defaults);
        facts.KeyTemplateText = Named(attribute, "Key") as string ?? DefaultTemplate(method, compilation);
        var roots = KeyHoleResolver.ParameterRoots(method);
        var key = TemplateResolver.Resolve(facts.KeyTemplateText, method, roots, ProblemSite.KeyArgument, null, compilation, cancellation, facts.Problems);
        if (key is not null)
        {
            facts.KeyParts.AddRange(key.Parts);
            facts.Holes.AddRange(key.Holes);
            if (Named(attribute, "Key") is string)
            {
                KeyChecks.ParametersLeftOut(facts.Problems, method, key.Parts, key.Text, compilation);
            }

            KeyChecks.HoleSeparation(facts.Problems, key.Parts, key.Holes);
            KeyChecks.LiteralText(facts.Problems, facts.KeyPrefix, key.Parts, key.Text);
        }

        foreach (var tag in TemplateResolver.Tags(attribute))
        {
            if (TemplateResolver.Resolve(tag.Text, method, roots, ProblemSite.TagArgument, null, compilation, cancellation, facts.Problems, tag.Index) is { } resolved)
            {
                facts.Tags.Add(resolved);
            }
        }
    }

    /// <summary>The <c>[CacheDefaults]</c> of the method's type, or null.</summary>
    public static AttributeData? TypeDefaults(IMethodSymbol method)
        => method.ContainingType.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownTypeNames.CacheDefaultsAttribute);

    /// <summary>The type's key prefix from <c>[CacheDefaults(KeyPrefix = ...)]</c>, ending in a colon, or empty.</summary>
    public static string TypeKeyPrefix(AttributeData? defaults)
    {
        var prefix = defaults is null ? null : Named(defaults, "KeyPrefix") as string;
        return string.IsNullOrEmpty(prefix) ? "" : prefix!.EndsWith(":", StringComparison.Ordinal) ? prefix : prefix + ":";
    }

    // Without a Key, the method name and every parameter but cancellation tokens, [NotCacheKey] parameters and
    // services, separated by colons.
    private static string DefaultTemplate(IMethodSymbol method, Compilation compilation)
        => string.Concat(new[] { method.Name }.Concat(method.Parameters
            .Where(p => !KeyChecks.IsLeftOutOnPurpose(p, compilation))
            .Select(p => ":<" + p.Name + ">")));

    /// <summary>The CACHE017 fix's data: the type to list, as <c>typeof</c> names it.</summary>
    public static IReadOnlyDictionary<string, string> JsonFixData(ITypeSymbol type)
        => new Dictionary<string, string> { [FixDataKeys.JsonType] = TypeNames.WithoutAnnotations(type) };

    public static object? Named(AttributeData attribute, string name)
        => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value;
}
