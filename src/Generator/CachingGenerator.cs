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

        var batches = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.CachedBatchAttribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => BatchMethodParser.Parse(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(TrackingNames.BatchMethods);
        var batchesWithContexts = batches
            .Combine(contexts.Combine(preferred))
            .Select(static (x, _) => (Model: x.Left, JsonContext: x.Left.Serializer.Kind == SerializerKind.Json
                ? JsonContextChoice.Choose(x.Left.Serializer.ValueType, Covered(x.Right.Left), x.Right.Right, out string? _)
                : null));
        context.RegisterSourceOutput(batchesWithContexts, static (spc, x) =>
        {
            if (x.Model.Serializer.Kind != SerializerKind.Json || x.JsonContext is not null)
            {
                var (hintName, source) = BatchMethodEmitter.Emit(x.Model, x.JsonContext);
                spc.AddSource(hintName, source);
            }
        });
        var batchErrors = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.CachedBatchAttribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => BatchMethodErrors.Collect(ctx, ct))
            .Where(static e => e is not null)
            .Combine(contexts.Combine(preferred));
        context.RegisterSourceOutput(batchErrors, static (spc, x) => ReportErrors(spc, x.Left!, x.Right.Left, x.Right.Right));

        // The key shapes every reading method caches, so that [Invalidates] finds the schema hashes of its keys.
        var cachedShapes = methods
            .Select(static (m, _) => new CachedShapeModel(m.Key.Shape, m.SchemaHash))
            .Collect()
            .Combine(batches.Select(static (m, _) => new CachedShapeModel(m.Key.Shape, m.SchemaHash)).Collect())
            .Select(static (all, _) => all.Left.Concat(all.Right).Distinct().OrderBy(s => s.Shape, System.StringComparer.Ordinal).ThenBy(s => s.SchemaHash).ToEquatableArray())
            .WithTrackingName(TrackingNames.CachedShapes);
        // The cache manifest lists exactly the methods that got code, so it reads the same filtered steps.
        var manifestEntries = withContexts
            .Where(static x => x.Model.Serializer.Kind != SerializerKind.Json || x.JsonContext is not null)
            .Select(static (x, _) => ManifestEntries.From(x.Model))
            .Collect()
            .Combine(batchesWithContexts
                .Where(static x => x.Model.Serializer.Kind != SerializerKind.Json || x.JsonContext is not null)
                .Select(static (x, _) => ManifestEntries.From(x.Model))
                .Collect())
            .Select(static (x, _) => x.Left.Concat(x.Right).ToEquatableArray());
        foreach (var attributeName in WriteMethodAnalysis.AttributeNames)
        {
            var writeEntries = RegisterWriteMethods(context, attributeName, contexts, preferred, cachedShapes);
            // Value-equal arrays at each step, so an edit that changes no entry stops here as Unchanged.
            manifestEntries = manifestEntries.Combine(writeEntries.Collect()).Select(static (x, _) => x.Left.Concat(x.Right).ToEquatableArray());
        }

        RegisterManifest(context, manifestEntries);
    }

    // One file for the whole compilation (ManifestEmitter), from a value-equal model: an edit that changes no
    // generated method leaves the model equal, and the file is not written again.
    private static void RegisterManifest(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<EquatableArray<ManifestEntryModel>> entries)
    {
        var manifest = entries
            .Select(static (all, _) => ManifestEntries.Link(all))
            .WithTrackingName(TrackingNames.Manifest);
        context.RegisterSourceOutput(manifest, static (spc, m) =>
        {
            if (m.Entries.Count > 0)
            {
                var (hintName, source) = ManifestEmitter.Emit(m);
                spc.AddSource(hintName, source);
            }
        });
    }

    /// <returns>The manifest entries of the write methods this pipeline generates.</returns>
    private static IncrementalValuesProvider<ManifestEntryModel> RegisterWriteMethods(
        IncrementalGeneratorInitializationContext context, string attributeName, IncrementalValueProvider<EquatableArray<JsonContextModel>> contexts,
        IncrementalValueProvider<string?> preferred, IncrementalValueProvider<EquatableArray<CachedShapeModel>> cachedShapes)
    {
        // Each write method is generated by the pipeline of its first write attribute only (see WriteMethodAnalysis.IsPrimary).
        var writes = context.SyntaxProvider
            .ForAttributeWithMetadataName(attributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: (ctx, ct) => WriteMethodParser.Parse(ctx, attributeName, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(TrackingNames.WriteMethods);

        var ready = writes
            .Combine(contexts.Combine(preferred))
            .Combine(cachedShapes)
            .Select(static (x, _) => WriteEmitInput.Create(x.Left.Left, x.Left.Right.Left, x.Left.Right.Right, x.Right))
            .Where(static x => x.IsComplete)
            .WithTrackingName(TrackingNames.WriteMethodsWithContexts);

        context.RegisterSourceOutput(ready, static (spc, x) =>
        {
            var (hintName, source) = WriteMethodEmitter.Emit(x.Model, x.JsonContexts(), x.InvalidatedSchemas());
            spc.AddSource(hintName, source);
        });

        if (attributeName == KnownTypeNames.WriteBehindAttribute)
        {
            var tables = ready
                .Select(static (x, _) => x.Model)
                .Collect()
                .SelectMany(static (all, _) => all
                    .GroupBy(m => m.ContainingType)
                    .OrderBy(g => g.Key, System.StringComparer.Ordinal)
                    .Select(g => g.OrderBy(m => m.HandlerId, System.StringComparer.Ordinal).ToEquatableArray()));
            context.RegisterSourceOutput(tables, static (spc, methods) =>
            {
                var (hintName, source) = WriteBehindTableEmitter.Emit(methods.ToList());
                spc.AddSource(hintName, source);
            });
        }

        var errors = context.SyntaxProvider
            .ForAttributeWithMetadataName(attributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: (ctx, ct) => WriteMethodErrors.Collect(ctx, attributeName, ct))
            .Where(static e => e is not null)
            .Combine(contexts.Combine(preferred));
        context.RegisterSourceOutput(errors, static (spc, x) =>
        {
            foreach (var error in x.Left!.Errors)
            {
                spc.ReportDiagnostic(error);
            }

            foreach (var (type, display, location) in x.Left.JsonTypes)
            {
                if (JsonContextChoice.Choose(type, Covered(x.Right.Left), x.Right.Right, out var problem) is null)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(Descriptors.NoReflectionFreeSerializer, location, display, problem));
                }
            }
        });

        return ready.Select(static (x, _) => ManifestEntries.From(x.Model));
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
