using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;

namespace Caching.Analyzers.Attributes;

/// <summary>The System.Text.Json contexts declared in the compilation, and the one the assembly names.</summary>
internal sealed class JsonContexts
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

    /// <summary>
    /// The contexts of the compilation, found once and on first use: only methods storing a JSON type need them.
    /// </summary>
    public static System.Lazy<JsonContexts> Lazily(Compilation compilation, CancellationToken cancellationToken)
        => new(() => Find(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);

    public static JsonContexts Find(Compilation compilation, CancellationToken cancellationToken)
    {
        var contextBase = compilation.GetTypeByMetadataName(KnownTypeNames.JsonSerializerContext);
        var serializable = compilation.GetTypeByMetadataName(KnownTypeNames.JsonSerializableAttribute);
        var contexts = new List<(string Context, IEnumerable<string> Covered)>();
        if (contextBase is not null && serializable is not null)
        {
            // Like the generator, which sees [JsonSerializable] classes declared in this compilation's source.
            foreach (var type in SourceSymbols.Types(compilation, cancellationToken))
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
