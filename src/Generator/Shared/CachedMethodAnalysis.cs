using System;
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
        var cancellation = compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken);
        CheckDeclaration(facts, method);
        CheckParameters(facts, method);
        cancellationToken.ThrowIfCancellationRequested();

        if (!ReturnShape.TryRead(method.ReturnType, out var kind, out var valueType) || valueType.IsRefLikeType || valueType.TypeKind == TypeKind.Pointer)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.ReturnTypeUnsupported, ProblemSite.ReturnType, method.ReturnType.ToDisplayString()));
        }
        else
        {
            string? coreProblem = null;
            facts.ReturnKind = kind;
            facts.ValueType = valueType;
            facts.SerializerKind = ValueTypeClassifier.Classify(valueType);
            if (facts.SerializerKind == SerializerKind.Json && findJsonContext?.Invoke(valueType) is { } missing)
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.NoReflectionFreeSerializer, ProblemSite.ReturnType, valueType.ToDisplayString(), missing));
            }

            // A generic method is already an error (CACHE016); its core cannot match a non-generic signature.
            var coreName = Named(attribute, "Core") as string ?? CoreMethodResolver.ConventionalName(method.Name);
            facts.Core = method.IsGenericMethod ? null : CoreMethodResolver.Resolve(method, coreName, kind, valueType, compilation, out coreProblem);
            if (coreProblem is not null)
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.CoreMethodMissing,
                    Named(attribute, "Core") is null ? ProblemSite.MethodName : ProblemSite.CoreArgument, method.Name, coreProblem));
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

        var defaults = method.ContainingType.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownTypeNames.CacheDefaultsAttribute);
        CheckTtl(facts, attribute, defaults);
        cancellationToken.ThrowIfCancellationRequested();
        ReadKey(facts, attribute, defaults, compilation, cancellation);
        return facts;
    }

    private static void CheckDeclaration(CachedMethodFacts facts, IMethodSymbol method)
    {
        var declaration = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (declaration is null || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword) || declaration.Body is not null || declaration.ExpressionBody is not null)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.NotPartial, ProblemSite.MethodName, method.Name,
                "declare it as a partial method without a body, as in 'partial " + method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + method.Name + "(...);'"));
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.NotPartial, ProblemSite.MethodName, method.Name,
                    "add 'partial' to the declaration of '" + type.Name + "'"));
            }

            if (type.IsGenericType)
            {
                facts.Problems.Add(CacheProblem.Error(DiagnosticIds.GenericNotSupported, ProblemSite.MethodName, method.Name, "its containing type '" + type.Name + "' is generic"));
            }
        }

        if (method.IsGenericMethod)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.GenericNotSupported, ProblemSite.MethodName, method.Name, "it has type parameters"));
        }
    }

    private static void CheckParameters(CachedMethodFacts facts, IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            var reason = parameter.RefKind != RefKind.None ? $"is passed by '{RefKeyword(parameter.RefKind)}'"
                : parameter.Type.IsRefLikeType ? "is a ref struct"
                : parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer ? "is a pointer"
                : null;
            if (reason is not null)
            {
                facts.Problems.Add(new CacheProblem(DiagnosticIds.ParameterUnsupported, true, ProblemSite.Parameter, parameter.Ordinal, new[] { parameter.Name, reason }));
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
        var ttl = Named(attribute, "Ttl") as int? ?? 0;
        var jitter = Named(attribute, "Jitter") as int? ?? -1;
        var defaultTtl = defaults is null ? 0 : Named(defaults, "Ttl") as int? ?? 0;
        var defaultJitter = defaults is null ? 0 : Named(defaults, "Jitter") as int? ?? 0;
        facts.TtlSeconds = ttl != 0 ? ttl : defaultTtl;
        facts.JitterSeconds = jitter >= 0 ? jitter : Math.Max(defaultJitter, 0);
        var problem = ttl < 0 ? $"Ttl is {ttl}; it must be a positive number of seconds"
            : facts.TtlSeconds <= 0 ? "no Ttl is set; set Ttl (seconds) on [Cached] or on the type's [CacheDefaults]"
            : jitter < -1 || defaultJitter < 0 ? "Jitter is negative; it must be 0 or more seconds"
            : facts.JitterSeconds >= facts.TtlSeconds ? $"Jitter ({facts.JitterSeconds}) must be less than Ttl ({facts.TtlSeconds}); a tenth of the TTL is usual"
            : null;
        if (problem is not null)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.TtlInvalid, ProblemSite.TtlArgument, facts.Method.Name, problem));
        }
    }

    private static void ReadKey(CachedMethodFacts facts, AttributeData attribute, AttributeData? defaults, Compilation compilation, INamedTypeSymbol? cancellation)
    {
        var method = facts.Method;
        var prefix = defaults is null ? null : Named(defaults, "KeyPrefix") as string;
        facts.KeyPrefix = string.IsNullOrEmpty(prefix) ? "" : prefix!.EndsWith(":", StringComparison.Ordinal) ? prefix : prefix + ":";
        facts.KeyTemplateText = Named(attribute, "Key") as string ?? DefaultTemplate(method, cancellation);
        var parts = KeyTemplate.Parse(facts.KeyTemplateText, out var error);
        if (parts is null)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.KeyTemplateMalformed, ProblemSite.KeyArgument, error!));
            return;
        }

        facts.KeyParts.AddRange(parts);
        var names = method.Parameters.Select(p => p.Name).ToList();
        foreach (var part in parts)
        {
            if (!part.IsHole)
            {
                if (KeyTemplate.FindBraceHole(part.Literal!, names) is { } braced)
                {
                    facts.Problems.Add(CacheProblem.Warning(DiagnosticIds.BraceHoleLooksLikeParameter, ProblemSite.KeyArgument, braced));
                }

                continue;
            }

            var hole = KeyHoleResolver.Resolve(part, method, compilation, cancellation, out var problem);
            if (problem is not null)
            {
                facts.Problems.Add(problem);
            }
            else
            {
                facts.Holes.Add(hole!);
            }
        }
    }

    // Without a Key, the method name and every parameter but cancellation tokens, separated by colons.
    private static string DefaultTemplate(IMethodSymbol method, INamedTypeSymbol? cancellation)
        => string.Concat(new[] { method.Name }.Concat(method.Parameters
            .Where(p => !SymbolEqualityComparer.Default.Equals(p.Type, cancellation))
            .Select(p => ":<" + p.Name + ">")));

    private static object? Named(AttributeData attribute, string name)
        => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value;
}
