using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Analyzers.Attributes;

/// <summary>
/// Reports why a <c>[CachedBatch]</c> method cannot be generated or is suspicious, with the shared rules the generator
/// uses; and CACHE017 when no System.Text.Json context covers the dictionary's value type.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CachedBatchAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.PerMethod;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // As CachedMethodAnalyzer: analyze generated code, report only into the user's declaration.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(static start =>
        {
            var batchAttribute = start.Compilation.GetTypeByMetadataName(KnownTypeNames.CachedBatchAttribute);
            if (batchAttribute is null)
            {
                return;
            }

            var cachedAttribute = start.Compilation.GetTypeByMetadataName(KnownTypeNames.CachedAttribute);
            var contexts = JsonContexts.Lazily(start.Compilation, start.CancellationToken);
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, batchAttribute, cachedAttribute, contexts), SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol batchAttribute, INamedTypeSymbol? cachedAttribute, Lazy<JsonContexts> contexts)
    {
        if (MethodProblems.Definition(context.Symbol) is not { } method
            || MethodProblems.Find(method, batchAttribute) is not { } attribute
            || MethodProblems.Declaration(method, context.CancellationToken) is not { } declaration)
        {
            return;
        }

        var facts = BatchMethodAnalysis.Analyze(method, attribute, context.Compilation, context.CancellationToken);

        // With [Cached] too, CachedMethodAnalyzer reports what is wrong with the signature; only the conflict comes
        // from here, so nothing is reported twice.
        IEnumerable<CacheProblem> problems = facts.Problems;
        if (MethodProblems.Find(method, cachedAttribute) is not null)
        {
            problems = problems.Where(p => p.Id == DiagnosticIds.AttributesConflict);
        }
        else if (facts.ValueType is not null && facts.SerializerKind == SerializerKind.Json
            && MethodProblems.JsonProblem(facts.ValueType, ProblemSite.ReturnType, -1, contexts.Value) is { } json)
        {
            problems = problems.Concat(new[] { json });
        }

        var coreName = CachedMethodAnalysis.Named(attribute, "Core") as string ?? CoreMethodResolver.ConventionalName(method.Name);
        MethodProblems.Report(context, declaration, attribute, problems.ToList(), coreName);
    }
}
