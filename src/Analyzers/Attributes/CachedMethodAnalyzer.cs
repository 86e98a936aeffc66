using System;
using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
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
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.PerMethod;

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

            var contexts = JsonContexts.Lazily(start.Compilation, start.CancellationToken);
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, cachedAttribute, contexts), SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol cachedAttribute, Lazy<JsonContexts> contexts)
    {
        if (MethodProblems.Definition(context.Symbol) is not { } method
            || MethodProblems.Find(method, cachedAttribute) is not { } attribute
            || MethodProblems.Declaration(method, context.CancellationToken) is not { } declaration)
        {
            return;
        }

        var facts = CachedMethodAnalysis.Analyze(method, attribute, context.Compilation, type => contexts.Value.FindProblem(type), context.CancellationToken);
        var coreName = CachedMethodAnalysis.Named(attribute, "Core") as string ?? CoreMethodResolver.ConventionalName(method.Name);
        MethodProblems.Report(context, declaration, attribute, facts.Problems, coreName);
    }
}
