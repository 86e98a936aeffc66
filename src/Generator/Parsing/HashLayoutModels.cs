using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Parsing;

/// <summary>Turns the shared analysis of a <c>Layout = Hash</c> value into its model: mapper name, fields, conversions, read methods.</summary>
internal static class HashLayoutModels
{
    public static HashLayoutModel Hash(IMethodSymbol method, string memberPrefix, ITypeSymbol valueType, System.Collections.Generic.List<HashProperty> properties)
    {
        var companionBase = CachedMethodParser.CompanionBase(method);
        return new HashLayoutModel(
            memberPrefix + "_HashMapper",
            TypeNames.WithoutAnnotations(valueType),
            properties.Count(p => p.ConstructorPosition >= 0),
            properties.Select(p => Property(method.ContainingType, companionBase, p)).ToEquatableArray());
    }

    private static HashPropertyModel Property(INamedTypeSymbol containingType, string companionBase, HashProperty stored)
    {
        var property = stored.Property;
        var type = TypeNames.WithAnnotations(property.Type);
        var isReference = property.Type.IsReferenceType;
        var (readType, writeCast, readConversion) = stored.Kind switch
        {
            HashValueKind.Enum => (stored.EnumUnderlying!, "(" + stored.EnumUnderlying + ")", "(" + type + ")$"),
            HashValueKind.NullableEnum => (stored.EnumUnderlying + "?", "(" + stored.EnumUnderlying + "?)", "(" + type + ")$"),
            _ when isReference => (TypeNames.WithoutAnnotations(property.Type) + "?", "", property.NullableAnnotation == NullableAnnotation.Annotated ? "$" : "$!"),
            _ => (type, "", "$"),
        };

        // Get<Base><Property>Async, as the companions are named (GetUserAsync → GetUserNameAsync); none when taken.
        var readName = "Get" + companionBase + property.Name + "Async";
        return new HashPropertyModel(
            property.Name, KeyHoleResolver.Escape(property.Name), type, readType, writeCast, readConversion, stored.ConstructorPosition,
            containingType.GetMembers(readName).IsEmpty ? readName : null);
    }
}
