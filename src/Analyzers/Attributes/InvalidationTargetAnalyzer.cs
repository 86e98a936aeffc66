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
/// Matches invalidations with what is cached, across the whole compilation: a tag invalidated by
/// <c>[InvalidatesTag]</c> that nothing attaches (CACHE011, with "did you mean"), a tag attached that nothing
/// invalidates (CACHE012), and an <c>[Invalidates]</c> key that no <c>[Cached]</c> or <c>[CachedBatch]</c> key matches
/// (CACHE029). Templates are compared by shape (<see cref="Shapes"/>), as the generator matches them.
/// </summary>
/// <remarks>
/// Each method is checked against an index of every tag and key of the compilation, built once per compilation, on
/// first use, by one walk over the methods declared in source. Reporting from the method's own symbol action keeps
/// the diagnostics local: an IDE shows them as the user types and offers the CACHE011 fix, which it does not do for
/// diagnostics reported when the compilation ends (those need full-solution analysis and get no code fix).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvalidationTargetAnalyzer : DiagnosticAnalyzer
{

    /// <summary>Property of CACHE011 holding the suggested tag template, for its fix; absent when there is none.</summary>
    internal const string SuggestionProperty = "Suggestion";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.CompilationWide;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // Tags and keys of methods in generated code count (the index sees them); diagnostics are reported only into
        // the user's declarations, as the driver drops those located in generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(static start =>
        {
            if (AttributeTypes.Resolve(start.Compilation) is not { } types)
            {
                return;
            }

            var compilation = start.Compilation;
            var index = new Lazy<CacheIndex>(() => CacheIndex.Build(compilation, types, start.CancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, types, index), SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, AttributeTypes types, Lazy<CacheIndex> lazyIndex)
    {
        if (MethodProblems.Definition(context.Symbol) is not { } method)
        {
            return;
        }

        var uses = MethodUses.Of(method, types, context.Compilation, context.CancellationToken);
        if (uses.AttachedTags.Count == 0 && uses.InvalidatedTags.Count == 0 && uses.InvalidatedKeys.Count == 0)
        {
            return;
        }

        var index = lazyIndex.Value;
        foreach (var tag in uses.InvalidatedTags.Where(t => !index.AttachedTags.Contains(t.Shape)))
        {
            var suggestion = Suggestions.Nearest(tag.Shape, index.AttachedTags) is { } nearest ? Suggestions.WithHolesOf(nearest, tag.Text) : null;
            var properties = suggestion is null ? null : ImmutableDictionary<string, string?>.Empty.Add(SuggestionProperty, suggestion);
            var hint = suggestion is null
                ? $"correct it, or declare it with [assembly: KnownCacheTags(\"{tag.Text}\")] if another assembly attaches it"
                : $"did you mean '{suggestion}'?";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TagNeverAttached, tag.Locate(context.CancellationToken), properties, tag.Text, hint));
        }

        foreach (var tag in uses.AttachedTags.Where(t => !index.InvalidatedTags.Contains(t.Shape)))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TagNeverInvalidated, tag.Locate(context.CancellationToken), tag.Text));
        }

        foreach (var key in uses.InvalidatedKeys.Where(k => !index.CachedKeyShapes.Contains(k.Prefix + k.Shape)))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.InvalidatedKeyNeverCached, key.Locate(context.CancellationToken), key.Text, key.Prefix + key.Text, KeyHint(key, index)));
        }
    }

    private static string KeyHint(TemplateUse key, CacheIndex index)
    {
        // The same template under another [CacheDefaults] KeyPrefix is the likeliest mistake: say that first.
        if (index.CachedKeys.Where(k => k.TemplateShape == key.Shape).OrderBy(k => k.Method, StringComparer.Ordinal).FirstOrDefault() is { } otherPrefix)
        {
            return $"'{otherPrefix.Method}' reads '{otherPrefix.Display}', under another [CacheDefaults] KeyPrefix; invalidate it from a type with the same KeyPrefix";
        }

        return Suggestions.Nearest(key.Prefix + key.Shape, index.CachedKeyShapes) is { } nearest
            && index.CachedKeys.Where(k => k.Shape == nearest).OrderBy(k => k.Method, StringComparer.Ordinal).First() is var cached
            ? $"the nearest cached key is '{cached.Display}' of '{cached.Method}'"
            : "give the key template of the [Cached] method whose entry it replaces, in a type with the same [CacheDefaults] KeyPrefix";
    }

    /// <summary>Our attributes, resolved once per compilation.</summary>
    private sealed record AttributeTypes(
        INamedTypeSymbol Cached, INamedTypeSymbol? CachedBatch, INamedTypeSymbol? WriteThrough, INamedTypeSymbol? WriteBehind,
        INamedTypeSymbol Invalidates, INamedTypeSymbol InvalidatesTag, INamedTypeSymbol? CacheDefaults, INamedTypeSymbol? KnownCacheTags,
        INamedTypeSymbol? CancellationToken)
    {
        /// <returns>Null when the runtime (or a version of it with invalidation) is not referenced: nothing to check.</returns>
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
                    compilation.GetTypeByMetadataName(KnownTypeNames.KnownCacheTagsAttribute),
                    compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken));
        }

        public bool Is(AttributeData attribute, INamedTypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, type);
    }

    /// <summary>
    /// A tag or invalidated key as written, its shape and the type's key prefix (keys only), and where it is written:
    /// <see cref="Argument"/> of <see cref="Attribute"/>, element <see cref="Element"/> of it when it is an array.
    /// </summary>
    private sealed record TemplateUse(string Text, string Shape, string Prefix, AttributeData Attribute, string? Argument, int Element, int ElementCount)
    {
        /// <summary>The narrowest location: the array element, else the argument, else the attribute.</summary>
        public Location Locate(CancellationToken cancellationToken)
        {
            if (Attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
            {
                return Location.None;
            }

            var argument = syntax.ArgumentList?.Arguments
                .FirstOrDefault(a => Argument is null ? a.NameEquals is null : a.NameEquals?.Name.Identifier.ValueText == Argument)?.Expression;
            var elements = argument is null || Element < 0 ? null : ProblemLocations.Elements(argument);
            return (elements is not null && elements.Count == ElementCount ? elements[Element] : argument ?? (SyntaxNode)syntax).GetLocation();
        }
    }

    /// <summary>A key a reading method caches: its shape with the prefix and without, how it reads, and the method.</summary>
    private sealed record CachedKey(string Shape, string TemplateShape, string Display, string Method);

    /// <summary>What one method attaches, caches and invalidates.</summary>
    private sealed class MethodUses
    {
        public List<CachedKey> CachedKeys { get; } = new();

        public List<TemplateUse> AttachedTags { get; } = new();

        public List<TemplateUse> InvalidatedTags { get; } = new();

        public List<TemplateUse> InvalidatedKeys { get; } = new();

        public static MethodUses Of(IMethodSymbol method, AttributeTypes types, Compilation compilation, CancellationToken cancellationToken)
        {
            var uses = new MethodUses();
            string? prefix = null;
            string Prefix() => prefix ??= CachedMethodAnalysis.TypeKeyPrefix(method.ContainingType.GetAttributes().FirstOrDefault(a => types.Is(a, types.CacheDefaults)));

            foreach (var attribute in method.GetAttributes())
            {
                var isCached = types.Is(attribute, types.Cached);
                var isBatch = types.Is(attribute, types.CachedBatch);
                if (isCached || isBatch)
                {
                    var template = CachedMethodAnalysis.Named(attribute, "Key") as string
                        ?? (isCached ? DefaultKey(method, types.CancellationToken) : DefaultBatchKey(method, attribute, compilation, cancellationToken));
                    if (template is not null && Shapes.Of(template) is { } shape)
                    {
                        uses.CachedKeys.Add(new CachedKey(Prefix() + shape, shape, Prefix() + template, method.ContainingType.Name + "." + method.Name));
                    }
                }

                if (isCached || isBatch || types.Is(attribute, types.WriteThrough) || types.Is(attribute, types.WriteBehind))
                {
                    var tags = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Tags").Value;
                    var values = tags.Kind == TypedConstantKind.Array && !tags.IsNull ? tags.Values : ImmutableArray<TypedConstant>.Empty;
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (values[i].Value is string tag && Shapes.Of(tag) is { } shape)
                        {
                            uses.AttachedTags.Add(new TemplateUse(tag, shape, "", attribute, "Tags", i, values.Length));
                        }
                    }
                }
                else if (types.Is(attribute, types.InvalidatesTag))
                {
                    if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string tag && Shapes.Of(tag) is { } shape)
                    {
                        uses.InvalidatedTags.Add(new TemplateUse(tag, shape, "", attribute, null, -1, 0));
                    }
                }
                else if (types.Is(attribute, types.Invalidates))
                {
                    if (CachedMethodAnalysis.Named(attribute, "Key") is string { Length: > 0 } key && Shapes.Of(key) is { } shape)
                    {
                        uses.InvalidatedKeys.Add(new TemplateUse(key, shape, Prefix(), attribute, "Key", -1, 0));
                    }
                }
            }

            return uses;
        }

        // Without a Key, [Cached] uses the method name and every parameter but cancellation tokens (as CachedMethodAnalysis does).
        private static string DefaultKey(IMethodSymbol method, INamedTypeSymbol? cancellation)
            => string.Concat(new[] { method.Name }.Concat(method.Parameters
                .Where(p => !SymbolEqualityComparer.Default.Equals(p.Type, cancellation))
                .Select(p => ":<" + p.Name + ">")));

        // A batch's default key depends on which parameter holds the ids: the shared rules work it out.
        private static string? DefaultBatchKey(IMethodSymbol method, AttributeData attribute, Compilation compilation, CancellationToken cancellationToken)
            => BatchMethodAnalysis.Analyze(method, attribute, compilation, cancellationToken).Key?.Text;
    }

    /// <summary>Every tag shape attached and invalidated in the compilation, and every cached key: one walk, once per compilation.</summary>
    private sealed class CacheIndex
    {
        public HashSet<string> AttachedTags { get; } = new(StringComparer.Ordinal);

        public HashSet<string> InvalidatedTags { get; } = new(StringComparer.Ordinal);

        public List<CachedKey> CachedKeys { get; } = new();

        public HashSet<string> CachedKeyShapes { get; } = new(StringComparer.Ordinal);

        public static CacheIndex Build(Compilation compilation, AttributeTypes types, CancellationToken cancellationToken)
        {
            var index = new CacheIndex();

            // [assembly: KnownCacheTags(...)]: tags attached or invalidated where this compilation cannot see.
            foreach (var attribute in compilation.Assembly.GetAttributes().Where(a => types.Is(a, types.KnownCacheTags)))
            {
                foreach (var argument in attribute.ConstructorArguments)
                {
                    var values = argument.Kind != TypedConstantKind.Array ? ImmutableArray.Create(argument)
                        : argument.IsNull ? ImmutableArray<TypedConstant>.Empty
                        : argument.Values;
                    foreach (var shape in values.Select(v => v.Value as string).Where(t => t is not null).Select(t => Shapes.Of(t!)).Where(s => s is not null))
                    {
                        index.AttachedTags.Add(shape!);
                        index.InvalidatedTags.Add(shape!);
                    }
                }
            }

            foreach (var type in SourceSymbols.Types(compilation, cancellationToken))
            {
                foreach (var method in type.GetMembers().OfType<IMethodSymbol>().Where(m => MethodProblems.Definition(m) is not null && !m.GetAttributes().IsEmpty))
                {
                    var uses = MethodUses.Of(method, types, compilation, cancellationToken);
                    index.AttachedTags.UnionWith(uses.AttachedTags.Select(t => t.Shape));
                    index.InvalidatedTags.UnionWith(uses.InvalidatedTags.Select(t => t.Shape));
                    index.CachedKeys.AddRange(uses.CachedKeys);
                    index.CachedKeyShapes.UnionWith(uses.CachedKeys.Select(k => k.Shape));
                }
            }

            return index;
        }
    }
}
