using System.Collections.Concurrent;
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
/// Matches invalidations with what is cached, across the whole compilation: a tag invalidated by
/// <c>[InvalidatesTag]</c> that nothing attaches (CACHE011, with "did you mean"), a tag attached that nothing
/// invalidates (CACHE012), and an <c>[Invalidates]</c> key that no <c>[Cached]</c> or <c>[CachedBatch]</c> key matches
/// (CACHE029). Templates are compared by shape (<see cref="Shapes"/>), as the generator matches them.
/// </summary>
/// <remarks>
/// Each method adds what it caches and invalidates to thread-safe queues as it is analysed; the comparison runs once,
/// when the compilation ends. An IDE shows compilation-end diagnostics only with full-solution analysis on; builds
/// always report them.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvalidationTargetAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The metadata name of <c>Caching.KnownCacheTagsAttribute</c>.</summary>
    internal const string KnownCacheTagsAttribute = "Caching.KnownCacheTagsAttribute";

    /// <summary>Property of CACHE011 holding the suggested tag template, for its fix; absent when there is none.</summary>
    internal const string SuggestionProperty = "Suggestion";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.CompilationWide;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // Tags and keys of methods in generated code count; the driver drops diagnostics located there.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(static start =>
        {
            if (AttributeTypes.Resolve(start.Compilation) is not { } types)
            {
                return;
            }

            var uses = new Uses();
            start.RegisterSymbolAction(symbol => Collect(symbol, types, uses), SymbolKind.Method);
            start.RegisterCompilationEndAction(end => ReportMismatches(end, types, uses));
        });
    }

    private static void Collect(SymbolAnalysisContext context, AttributeTypes types, Uses uses)
    {
        if (MethodProblems.Definition(context.Symbol) is not { } method)
        {
            return;
        }

        string? prefix = null;
        string Prefix() => prefix ??= CachedMethodAnalysis.TypeKeyPrefix(
            method.ContainingType.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, types.CacheDefaults)));

        foreach (var attribute in method.GetAttributes())
        {
            var type = attribute.AttributeClass;
            var isCached = SymbolEqualityComparer.Default.Equals(type, types.Cached);
            var isBatch = SymbolEqualityComparer.Default.Equals(type, types.CachedBatch);
            if (isCached || isBatch)
            {
                var template = CachedMethodAnalysis.Named(attribute, "Key") as string
                    ?? (isCached ? DefaultKey(method, types.CancellationToken) : DefaultBatchKey(method, attribute, context));
                if (template is not null && Shapes.Of(template) is { } shape)
                {
                    uses.CachedKeys.Enqueue(new CachedKey(Prefix() + shape, Prefix() + template, method.ContainingType.Name + "." + method.Name));
                }
            }

            if (isCached || isBatch || SymbolEqualityComparer.Default.Equals(type, types.WriteThrough) || SymbolEqualityComparer.Default.Equals(type, types.WriteBehind))
            {
                CollectAttachedTags(attribute, uses, context.CancellationToken);
            }
            else if (SymbolEqualityComparer.Default.Equals(type, types.InvalidatesTag))
            {
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string tag
                    && Shapes.Of(tag) is { } shape && Syntax(attribute, context.CancellationToken) is { } syntax)
                {
                    var argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null)?.Expression;
                    uses.InvalidatedTags.Enqueue(new TemplateUse(tag, shape, (argument ?? (SyntaxNode)syntax).GetLocation()));
                }
            }
            else if (SymbolEqualityComparer.Default.Equals(type, types.Invalidates))
            {
                if (CachedMethodAnalysis.Named(attribute, "Key") is string { Length: > 0 } key
                    && Shapes.Of(key) is { } shape && Syntax(attribute, context.CancellationToken) is { } syntax)
                {
                    var argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Key")?.Expression;
                    uses.InvalidatedKeys.Enqueue(new TemplateUse(Prefix() + key, Prefix() + shape, (argument ?? (SyntaxNode)syntax).GetLocation()) { Template = key });
                }
            }
        }
    }

    private static void ReportMismatches(CompilationAnalysisContext context, AttributeTypes types, Uses uses)
    {
        var known = KnownTags(context.Compilation, types).ToList();
        var attached = uses.AttachedTags.Select(t => t.Shape).Concat(known).ToImmutableHashSet();
        var invalidated = uses.InvalidatedTags.Select(t => t.Shape).Concat(known).ToImmutableHashSet();
        var cachedKeys = uses.CachedKeys.ToList();
        var cachedShapes = cachedKeys.Select(k => k.Shape).ToImmutableHashSet();

        foreach (var tag in Ordered(uses.InvalidatedTags).Where(t => !attached.Contains(t.Shape)))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var suggestion = Suggestions.Nearest(tag.Shape, attached) is { } nearest ? Suggestions.WithHolesOf(nearest, tag.Text) : null;
            var properties = suggestion is null ? null : ImmutableDictionary<string, string?>.Empty.Add(SuggestionProperty, suggestion);
            var hint = suggestion is null
                ? $"correct it, or declare it with [assembly: KnownCacheTags(\"{tag.Text}\")] if another assembly attaches it"
                : $"did you mean '{suggestion}'?";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TagNeverAttached, tag.Location, properties, tag.Text, hint));
        }

        foreach (var tag in Ordered(uses.AttachedTags).Where(t => !invalidated.Contains(t.Shape)))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TagNeverInvalidated, tag.Location, tag.Text));
        }

        foreach (var key in Ordered(uses.InvalidatedKeys).Where(k => !cachedShapes.Contains(k.Shape)))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var nearest = Suggestions.Nearest(key.Shape, cachedShapes) is { } shape
                ? cachedKeys.Where(k => k.Shape == shape).OrderBy(k => k.Method, System.StringComparer.Ordinal).First()
                : null;
            var hint = nearest is null
                ? "give the key template of the [Cached] method whose entry it replaces, in a type with the same [CacheDefaults] KeyPrefix"
                : $"the nearest cached key is '{nearest.Display}' of '{nearest.Method}'";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidatedKeyNeverCached, key.Location, key.Template, key.Text, hint));
        }
    }

    // Each tag of Tags = [...], located at its own element when the array is written out, else at the whole argument.
    private static void CollectAttachedTags(AttributeData attribute, Uses uses, CancellationToken cancellationToken)
    {
        var tags = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Tags").Value;
        if (tags.Kind != TypedConstantKind.Array || tags.IsNull || tags.Values.IsEmpty || Syntax(attribute, cancellationToken) is not { } syntax)
        {
            return;
        }

        var argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Tags")?.Expression;
        var elements = argument is null ? null : Elements(argument);
        for (var i = 0; i < tags.Values.Length; i++)
        {
            if (tags.Values[i].Value is string tag && Shapes.Of(tag) is { } shape)
            {
                var node = elements is not null && elements.Count == tags.Values.Length ? elements[i] : argument ?? (SyntaxNode)syntax;
                uses.AttachedTags.Enqueue(new TemplateUse(tag, shape, node.GetLocation()));
            }
        }
    }

    private static IReadOnlyList<ExpressionSyntax>? Elements(ExpressionSyntax array) => array switch
    {
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        ImplicitArrayCreationExpressionSyntax creation => creation.Initializer.Expressions,
        CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax)
            => collection.Elements.Cast<ExpressionElementSyntax>().Select(e => e.Expression).ToList(),
        _ => null,
    };

    // The shapes of [assembly: KnownCacheTags(...)]: tags attached or invalidated where this compilation cannot see.
    private static IEnumerable<string> KnownTags(Compilation compilation, AttributeTypes types)
    {
        if (types.KnownCacheTags is null)
        {
            yield break;
        }

        foreach (var attribute in compilation.Assembly.GetAttributes().Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, types.KnownCacheTags)))
        {
            foreach (var argument in attribute.ConstructorArguments)
            {
                var values = argument.Kind == TypedConstantKind.Array ? (argument.IsNull ? ImmutableArray<TypedConstant>.Empty : argument.Values) : ImmutableArray.Create(argument);
                foreach (var value in values)
                {
                    if (value.Value is string tag && Shapes.Of(tag) is { } shape)
                    {
                        yield return shape;
                    }
                }
            }
        }
    }

    // Without a Key, [Cached] uses the method name and every parameter but cancellation tokens (CachedMethodAnalysis).
    private static string DefaultKey(IMethodSymbol method, INamedTypeSymbol? cancellation)
        => string.Concat(new[] { method.Name }.Concat(method.Parameters
            .Where(p => !SymbolEqualityComparer.Default.Equals(p.Type, cancellation))
            .Select(p => ":<" + p.Name + ">")));

    // A batch's default key depends on which parameter holds the ids: the shared rules work it out.
    private static string? DefaultBatchKey(IMethodSymbol method, AttributeData attribute, SymbolAnalysisContext context)
        => BatchMethodAnalysis.Analyze(method, attribute, context.Compilation, context.CancellationToken).Key?.Text;

    private static AttributeSyntax? Syntax(AttributeData attribute, CancellationToken cancellationToken)
        => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;

    // Methods are analysed in any order and concurrently; report in source order.
    private static IEnumerable<TemplateUse> Ordered(IEnumerable<TemplateUse> uses)
        => uses.OrderBy(u => u.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(u => u.Location.SourceSpan.Start);

    /// <summary>Our attributes, resolved once per compilation; null when the runtime is not referenced.</summary>
    private sealed record AttributeTypes(
        INamedTypeSymbol Cached, INamedTypeSymbol? CachedBatch, INamedTypeSymbol? WriteThrough, INamedTypeSymbol? WriteBehind,
        INamedTypeSymbol Invalidates, INamedTypeSymbol InvalidatesTag, INamedTypeSymbol? CacheDefaults, INamedTypeSymbol? KnownCacheTags,
        INamedTypeSymbol? CancellationToken)
    {
        public static AttributeTypes? Resolve(Compilation compilation)
        {
            var cached = compilation.GetTypeByMetadataName(KnownTypeNames.CachedAttribute);
            var invalidates = compilation.GetTypeByMetadataName(KnownTypeNames.InvalidatesAttribute);
            var invalidatesTag = compilation.GetTypeByMetadataName(KnownTypeNames.InvalidatesTagAttribute);
            return cached is null || invalidates is null || invalidatesTag is null
                ? null
                : new AttributeTypes(
                    cached,
                    compilation.GetTypeByMetadataName(KnownTypeNames.CachedBatchAttribute),
                    compilation.GetTypeByMetadataName(KnownTypeNames.WriteThroughAttribute),
                    compilation.GetTypeByMetadataName(KnownTypeNames.WriteBehindAttribute),
                    invalidates,
                    invalidatesTag,
                    compilation.GetTypeByMetadataName(KnownTypeNames.CacheDefaultsAttribute),
                    compilation.GetTypeByMetadataName(KnownCacheTagsAttribute),
                    compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken));
        }
    }

    /// <summary>A tag or invalidated key as written (<see cref="Text"/>, with the type's key prefix for a key), its shape, and where it is.</summary>
    private sealed record TemplateUse(string Text, string Shape, Location Location)
    {
        /// <summary>For a key: the template as written in the attribute, without the prefix.</summary>
        public string Template { get; init; } = Text;
    }

    /// <summary>A key a reading method caches: its shape (prefix included), how it reads, and the method.</summary>
    private sealed record CachedKey(string Shape, string Display, string Method);

    /// <summary>What the methods of the compilation attach, cache and invalidate, filled concurrently.</summary>
    private sealed class Uses
    {
        public ConcurrentQueue<TemplateUse> AttachedTags { get; } = new();

        public ConcurrentQueue<TemplateUse> InvalidatedTags { get; } = new();

        public ConcurrentQueue<CachedKey> CachedKeys { get; } = new();

        public ConcurrentQueue<TemplateUse> InvalidatedKeys { get; } = new();
    }
}
