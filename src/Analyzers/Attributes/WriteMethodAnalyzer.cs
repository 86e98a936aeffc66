using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Analyzers.Attributes;

/// <summary>
/// Reports why a write method (<c>[WriteThrough]</c>, <c>[WriteBehind]</c>, <c>[Invalidates]</c>,
/// <c>[InvalidatesTag]</c>) cannot be generated or is suspicious, with the shared rules the generator uses, each
/// problem on the attribute it belongs to; and CACHE017 for every value it stores or argument it queues that no
/// System.Text.Json context covers.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WriteMethodAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.PerMethod;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // As CachedMethodAnalyzer: analyze generated code (the partial's other half may be marked generated), report
        // only into the user's declaration.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(static start =>
        {
            var compilation = start.Compilation;
            var writeAttributes = WriteMethodAnalysis.AttributeNames
                .Select(compilation.GetTypeByMetadataName)
                .Where(t => t is not null)
                .Select(t => t!)
                .ToImmutableArray();
            if (writeAttributes.IsEmpty)
            {
                return;
            }

            var readers = new Readers(
                compilation.GetTypeByMetadataName(KnownTypeNames.CachedAttribute),
                compilation.GetTypeByMetadataName(KnownTypeNames.CachedBatchAttribute));
            var contexts = JsonContexts.Lazily(compilation, start.CancellationToken);
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, writeAttributes, readers, contexts), SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, ImmutableArray<INamedTypeSymbol> writeAttributes, Readers readers, Lazy<JsonContexts> contexts)
    {
        if (MethodProblems.Definition(context.Symbol) is not { } method)
        {
            return;
        }

        // Every write attribute of the method, in the generator's order: the method is analysed once, whatever their number.
        var attributes = method.GetAttributes();
        var writes = writeAttributes
            .SelectMany(type => attributes.Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, type)))
            .ToList();
        if (writes.Count == 0
            || MethodProblems.Find(method, readers.Batch) is not null // CachedBatchAnalyzer reports the conflict and the rest
            || MethodProblems.Declaration(method, context.CancellationToken) is not { } declaration)
        {
            return;
        }

        var facts = WriteMethodAnalysis.Analyze(method, context.Compilation, context.CancellationToken);

        // A method that also has [Cached] gets the conflict from here and everything else from CachedMethodAnalyzer,
        // so the problems both rules find in its signature are not reported twice.
        IEnumerable<CacheProblem> problems = facts.Problems;
        if (MethodProblems.Find(method, readers.Cached) is not null)
        {
            problems = problems.Where(p => p.Id == DiagnosticIds.AttributesConflict);
        }
        else
        {
            problems = problems.Concat(facts.JsonTypes
                .Select(j => MethodProblems.JsonProblem(j.Type, j.Site, j.ParameterIndex, contexts.Value))
                .Where(p => p is not null)
                .Select(p => p!));
        }

        var coreAttribute = writes.FirstOrDefault(a => CachedMethodAnalysis.Named(a, "Core") is string);
        var coreName = coreAttribute is null ? CoreMethodResolver.ConventionalName(method.Name) : (string)CachedMethodAnalysis.Named(coreAttribute, "Core")!;
        MethodProblems.Report(context, declaration, writes[0], problems.ToList(), coreName);
    }

    private sealed record Readers(INamedTypeSymbol? Cached, INamedTypeSymbol? Batch);
}
