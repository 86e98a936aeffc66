using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Parsing;

/// <summary>Reads a <c>JsonSerializerContext</c> declaration and the types its <c>[JsonSerializable]</c> attributes list.</summary>
internal static class JsonContextParser
{
    public static JsonContextModel? Parse(GeneratorAttributeSyntaxContext context)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || !DerivesFromContext(type))
        {
            return null;
        }

        var covered = context.Attributes
            .Select(a => a.ConstructorArguments.FirstOrDefault().Value as ITypeSymbol)
            .Where(t => t is not null)
            .Select(t => TypeNames.WithoutAnnotations(t!))
            .OrderBy(t => t, System.StringComparer.Ordinal);
        return new JsonContextModel(TypeNames.WithoutAnnotations(type), covered.ToEquatableArray());
    }

    public static string? ParseSerializerContextAttribute(GeneratorAttributeSyntaxContext context)
        => context.Attributes.FirstOrDefault()?.ConstructorArguments.FirstOrDefault().Value is ITypeSymbol contextType
            ? TypeNames.WithoutAnnotations(contextType)
            : null;

    private static bool DerivesFromContext(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == KnownTypeNames.JsonSerializerContext)
            {
                return true;
            }
        }

        return false;
    }
}
