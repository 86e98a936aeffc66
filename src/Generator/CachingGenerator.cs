using System.Linq;
using Caching.Generators.Emitting;
using Caching.Generators.Model;
using Caching.Generators.Parsing;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators;

/// <summary>
/// Writes the bodies of <c>[Cached]</c> partial methods. Invalid methods get no output; the analyzers in
/// Caching.Analyzers explain why, with the same rules.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CachingGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Every [Cached] method that can be generated, as a value-equal model.
        var methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.CachedAttribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => CachedMethodParser.Parse(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(TrackingNames.CachedMethods);

        // The JSON contexts in the compilation, in their own step: editing a context must update the methods
        // that use it, even when the files declaring those methods did not change.
        var contexts = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.JsonSerializableAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (ctx, _) => JsonContextParser.Parse(ctx))
            .Where(static c => c is not null)
            .Select(static (c, _) => c!)
            .Collect()
            .Select(static (all, _) => all.OrderBy(c => c.Name, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.JsonContexts);

        var preferred = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.CacheSerializerContextAttribute,
                predicate: static (node, _) => node is CompilationUnitSyntax,
                transform: static (ctx, _) => JsonContextParser.ParseSerializerContextAttribute(ctx))
            .Collect()
            .Select(static (all, _) => all.FirstOrDefault(c => c is not null))
            .WithTrackingName(TrackingNames.PreferredJsonContext);

        var withContexts = methods
            .Combine(contexts.Combine(preferred))
            .Select(static (x, _) => ChooseContext(x.Left, x.Right.Left, x.Right.Right))
            .WithTrackingName(TrackingNames.CachedMethodsWithContexts);

        context.RegisterSourceOutput(withContexts, static (spc, x) =>
        {
            // A JSON-stored value with no context listing its type cannot be generated; CACHE017 says so.
            if (x.Model.Serializer.Kind != SerializerKind.Json || x.JsonContext is not null)
            {
                var (hintName, source) = CachedMethodEmitter.Emit(x.Model, x.JsonContext);
                spc.AddSource(hintName, source);
            }
        });

        // Why a method got no output, in its own uncached step that produces no source (see CachedMethodErrors).
        var errors = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.CachedAttribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => CachedMethodErrors.Collect(ctx, ct))
            .Where(static e => e is not null)
            .Combine(contexts.Combine(preferred));
        context.RegisterSourceOutput(errors, static (spc, x) => ReportErrors(spc, x.Left!, x.Right.Left, x.Right.Right));
    }

    private static void ReportErrors(SourceProductionContext context, CachedMethodErrors errors, EquatableArray<JsonContextModel> contexts, string? preferred)
    {
        foreach (var error in errors.Errors)
        {
            context.ReportDiagnostic(error);
        }

        if (errors.JsonType is not null
            && JsonContextChoice.Choose(errors.JsonType, Covered(contexts), preferred, out var problem) is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.NoReflectionFreeSerializer, errors.ReturnTypeLocation, errors.ValueTypeDisplay, problem));
        }
    }

    private static System.Collections.Generic.IEnumerable<(string, System.Collections.Generic.IEnumerable<string>)> Covered(EquatableArray<JsonContextModel> contexts)
        => contexts.Select(c => (c.Name, (System.Collections.Generic.IEnumerable<string>)c.CoveredTypes));

    private static (CachedMethodModel Model, string? JsonContext) ChooseContext(CachedMethodModel model, EquatableArray<JsonContextModel> contexts, string? preferred)
        => model.Serializer.Kind != SerializerKind.Json
            ? (model, null)
            : (model, JsonContextChoice.Choose(model.Serializer.ValueType, Covered(contexts), preferred, out _));
}
