using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Caching.Analyzers.Options;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Analyzers.Attributes;

/// <summary>
/// CACHE020: a Redis Cluster hash tag in a <c>[Cached]</c> or <c>[CachedBatch]</c> key (type prefix included) that
/// holds no hole, so every key of the method hashes to one slot, or a second hash tag, which Redis ignores. Hash tags
/// only matter on a cluster, so the rule runs only when <c>caching_redis.topology = cluster</c> (or the MSBuild
/// property <c>CachingRedisTopology</c>) says the code talks to one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HashTagAnalyzer : DiagnosticAnalyzer
{
    // Stands for a hole in the key text; hole values are escaped, so a hole never adds a brace.
    private const char Hole = '\u0001';

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.HashTagPinsSlot);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var attributes = new[] { KnownTypeNames.CachedAttribute, KnownTypeNames.CachedBatchAttribute }
                .Select(start.Compilation.GetTypeByMetadataName)
                .Where(t => t is not null)
                .Cast<INamedTypeSymbol>()
                .ToList();
            if (attributes.Count > 0)
            {
                start.RegisterSymbolAction(c => Analyze(c, attributes), SymbolKind.Method);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, IReadOnlyList<INamedTypeSymbol> attributes)
    {
        if (MethodProblems.Definition(context.Symbol) is not { } method
            || MethodProblems.Declaration(method, context.CancellationToken) is not { } declaration
            || AnalyzerSettings.Topology(context.Options, declaration.SyntaxTree) != RedisTopology.Cluster)
        {
            return;
        }

        var attribute = attributes.Select(a => MethodProblems.Find(method, a)).FirstOrDefault(a => a is not null);
        if (attribute is null)
        {
            return;
        }

        var defaults = CachedMethodAnalysis.TypeDefaults(method);
        var prefix = CachedMethodAnalysis.TypeKeyPrefix(defaults);
        var template = CachedMethodAnalysis.Named(attribute, "Key") as string;
        if (template is null || KeyTemplate.Parse(template, out _) is not { } parts)
        {
            // A default key is the method name and its parameters: no braces. A malformed one is CACHE004.
            return;
        }

        var text = prefix + string.Concat(parts.Select(p => p.IsHole ? Hole.ToString() : p.Literal));
        if (Problem(text) is { } problem)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
            var location = ProblemLocations.Locate(CacheProblem.Warning(DiagnosticIds.HashTagPinsSlot, ProblemSite.KeyArgument), declaration, attributeSyntax);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HashTagPinsSlot, location, prefix + template, problem));
        }
    }

    /// <summary>What is wrong with the hash tags of <paramref name="key"/> (holes as <see cref="Hole"/>), or null.</summary>
    internal static string? Problem(string key)
    {
        // Redis hashes the text between the first '{' and the next '}', when it is not empty (cluster spec, hash tags).
        var open = key.IndexOf('{');
        var close = open < 0 ? -1 : key.IndexOf('}', open + 1);
        if (close <= open + 1)
        {
            return null;
        }

        var tag = key.Substring(open + 1, close - open - 1);
        if (tag.IndexOf(Hole) < 0 && key.IndexOf(Hole) >= 0)
        {
            return $"has the hash tag '{{{tag}}}' with no hole in it, so every key of this method hashes to one cluster slot and one node serves them all; put the hole in the tag ('{{user:<id>}}'), or remove the braces";
        }

        var secondOpen = key.IndexOf('{', close + 1);
        var secondClose = secondOpen < 0 ? -1 : key.IndexOf('}', secondOpen + 1);
        return secondClose > secondOpen + 1
            ? $"has a second hash tag '{key.Substring(secondOpen, secondClose - secondOpen + 1).Replace(Hole.ToString(), "<…>")}', which Redis ignores: only the first '{{…}}' of a key chooses its slot; remove the second pair of braces"
            : null;
    }
}
