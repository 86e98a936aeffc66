using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>Renders types as the emitter writes them: <c>global::</c>-qualified, nullable annotations kept or dropped.</summary>
internal static class TypeNames
{
    private static readonly SymbolDisplayFormat Annotated = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><c>global::System.Threading.Tasks.Task&lt;global::App.User?&gt;</c>.</summary>
    public static string WithAnnotations(ITypeSymbol type) => type.ToDisplayString(Annotated);

    /// <summary><c>global::App.User</c> for <c>User?</c>; what <c>typeof</c> and <c>[JsonSerializable]</c> name.</summary>
    public static string WithoutAnnotations(ITypeSymbol type)
        => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
}
