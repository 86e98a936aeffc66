using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Analyzers.Attributes;

/// <summary>
/// Reports why a <c>[Cached]</c> method cannot be generated (or is suspicious), with the same shared rules the
/// generator uses, at the narrowest useful span: the method name, the offending attribute argument, the return type
/// or the parameter.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CachedMethodAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property naming the core method the CACHE002 fix may add; absent when a method of that name exists.</summary>
    internal const string MissingCoreNameProperty = "MissingCoreName";

    /// <summary>Property holding the text between the braces that CACHE026 found, for its fix.</summary>
    internal const string BraceHoleProperty = "BraceHole";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.All;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // Partial methods share attributes: if the other half carries [GeneratedCode] (ours no longer does, another
        // tool's may), the compiler counts the user's half as generated code too and would skip it. Analyze
        // generated code, but do not report in it: every diagnostic here points into the user's declaration.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(static start =>
        {
            var cachedAttribute = start.Compilation.GetTypeByMetadataName(KnownTypeNames.CachedAttribute);
            if (cachedAttribute is null)
            {
                return;
            }

            // Only methods returning a JSON-stored type need the contexts, so find them once, on first use.
            var contexts = new Lazy<JsonContexts>(() => JsonContexts.Find(start.Compilation, start.CancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, cachedAttribute, contexts), SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol cachedAttribute, Lazy<JsonContexts> contexts)
    {
        // The implementation part of a partial method (the generator's output) shares the definition's attributes;
        // only the definition is analyzed, as the generator does.
        if (context.Symbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, PartialDefinitionPart: null } method)
        {
            return;
        }

        var attribute = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, cachedAttribute));
        if (attribute is null
            || method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is not MethodDeclarationSyntax declaration)
        {
            return;
        }

        var facts = CachedMethodAnalysis.Analyze(method, attribute, context.Compilation, type => contexts.Value.FindProblem(type), context.CancellationToken);
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
        foreach (var problem in facts.Problems)
        {
            if (Descriptors.For(problem.Id) is not { } descriptor)
            {
                continue;
            }

            var location = ProblemLocations.Locate(problem, declaration, attributeSyntax);
            context.ReportDiagnostic(Diagnostic.Create(descriptor, location, Properties(problem, method, attribute), problem.Args));
        }
    }

    // What the code fixes need and cannot read back from the message.
    private static ImmutableDictionary<string, string?>? Properties(CacheProblem problem, IMethodSymbol method, AttributeData attribute)
    {
        if (problem.Id == DiagnosticIds.BraceHoleLooksLikeParameter && problem.Args.Length > 0)
        {
            return ImmutableDictionary<string, string?>.Empty.Add(BraceHoleProperty, problem.Args[0]);
        }

        if (problem.Id == DiagnosticIds.CoreMethodMissing)
        {
            var coreName = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Core").Value.Value as string
                ?? CoreMethodResolver.ConventionalName(method.Name);
            var taken = false;
            for (var type = method.ContainingType; type is not null && !taken; type = type.BaseType)
            {
                taken = type.GetMembers(coreName).Length > 0;
            }

            return taken ? null : ImmutableDictionary<string, string?>.Empty.Add(MissingCoreNameProperty, coreName);
        }

        return null;
    }

    /// <summary>The System.Text.Json contexts declared in the compilation, and the one the assembly names.</summary>
    private sealed class JsonContexts
    {
        private readonly List<(string Context, IEnumerable<string> Covered)> _contexts;
        private readonly string? _preferred;

        private JsonContexts(List<(string Context, IEnumerable<string> Covered)> contexts, string? preferred)
        {
            _contexts = contexts;
            _preferred = preferred;
        }

        /// <summary>Why no context covers <paramref name="type"/>, or null when one does.</summary>
        public string? FindProblem(ITypeSymbol type)
        {
            JsonContextChoice.Choose(TypeNames.WithoutAnnotations(type), _contexts, _preferred, out var problem);
            return problem;
        }

        public static JsonContexts Find(Compilation compilation, CancellationToken cancellationToken)
        {
            var contextBase = compilation.GetTypeByMetadataName(KnownTypeNames.JsonSerializerContext);
            var serializable = compilation.GetTypeByMetadataName(KnownTypeNames.JsonSerializableAttribute);
            var contexts = new List<(string Context, IEnumerable<string> Covered)>();
            if (contextBase is not null && serializable is not null)
            {
                // Like the generator, which sees [JsonSerializable] classes declared in this compilation's source.
                foreach (var type in SourceTypes(compilation.Assembly.GlobalNamespace, cancellationToken))
                {
                    if (type.TypeKind != TypeKind.Class || type.IsRecord || !DerivesFrom(type, contextBase))
                    {
                        continue;
                    }

                    var covered = type.GetAttributes()
                        .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, serializable))
                        .Select(a => a.ConstructorArguments.FirstOrDefault().Value as ITypeSymbol)
                        .Where(t => t is not null)
                        .Select(t => TypeNames.WithoutAnnotations(t!))
                        .ToList();
                    if (covered.Count > 0)
                    {
                        contexts.Add((TypeNames.WithoutAnnotations(type), covered));
                    }
                }
            }

            var preferredAttribute = compilation.GetTypeByMetadataName(KnownTypeNames.CacheSerializerContextAttribute);
            var preferred = compilation.Assembly.GetAttributes()
                .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, preferredAttribute))
                .Select(a => a.ConstructorArguments.FirstOrDefault().Value as ITypeSymbol)
                .Where(t => t is not null)
                .Select(t => TypeNames.WithoutAnnotations(t!))
                .FirstOrDefault();
            return new JsonContexts(contexts, preferred);
        }

        private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceOrTypeSymbol container, CancellationToken cancellationToken)
        {
            foreach (var member in container.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is INamespaceSymbol ns)
                {
                    foreach (var type in SourceTypes(ns, cancellationToken))
                    {
                        yield return type;
                    }
                }
                else if (member is INamedTypeSymbol type && type.Locations.Any(l => l.IsInSource))
                {
                    yield return type;
                    foreach (var nested in SourceTypes(type, cancellationToken))
                    {
                        yield return nested;
                    }
                }
            }
        }

        private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
        {
            for (var t = type.BaseType; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, baseType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
