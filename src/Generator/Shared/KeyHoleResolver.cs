using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Caching.Generators.Shared;

/// <summary>How a hole value is appended to the key.</summary>
internal enum HoleKind
{
    String,
    Boolean,
    Char,
    SignedEnum,
    UnsignedEnum,
    Formattable,
}

/// <summary>A hole resolved against the method's parameters.</summary>
/// <param name="Expression">C# that reads the value, such as <c>user?.Address</c>.</param>
/// <param name="Kind">How the value is appended.</param>
/// <param name="Format">The format string for formattable values, or null.</param>
/// <param name="IsNullableValue">Whether the expression is a nullable value type that must be unwrapped.</param>
/// <param name="ExactType">
/// The expression's type in <c>global::</c> form when its equality is exact (equal values always give the same key
/// text), so the value itself can key an L1; null otherwise (floating point, decimal, DateTime and types we do not know).
/// </param>
/// <param name="InexactReason">
/// When two equal values of the hole's type are known to format differently (so one value is cached, and
/// invalidated, under several keys), why; null otherwise. CACHE006 reports it.
/// </param>
internal sealed record ResolvedHole(string Expression, HoleKind Kind, string? Format, bool IsNullableValue, string? ExactType = null, string? InexactReason = null);

/// <summary>What a hole's first name may refer to: a parameter, or (in a batch) one id of the ids parameter.</summary>
/// <param name="Name">The name a hole uses.</param>
/// <param name="Type">Its type.</param>
internal readonly record struct HoleRoot(string Name, ITypeSymbol Type);

/// <summary>Resolves template holes to parameter paths and checks that each has a stable, invariant string form.</summary>
internal static class KeyHoleResolver
{
    /// <summary>The roots of an ordinary method: its parameters.</summary>
    public static IReadOnlyList<HoleRoot> ParameterRoots(IMethodSymbol method) => method.Parameters.Select(p => new HoleRoot(p.Name, p.Type)).ToList();

    public static ResolvedHole? Resolve(KeyTemplatePart hole, IMethodSymbol method, Compilation compilation, INamedTypeSymbol? cancellationToken, out CacheProblem? problem)
        => Resolve(hole, method, ParameterRoots(method), ProblemSite.KeyArgument, compilation, cancellationToken, out problem);

    public static ResolvedHole? Resolve(
        KeyTemplatePart hole, IMethodSymbol method, IReadOnlyList<HoleRoot> roots, ProblemSite site, Compilation compilation,
        INamedTypeSymbol? cancellationToken, out CacheProblem? problem)
    {
        problem = null;
        var path = hole.Path!;
        var found = roots.Where(r => r.Name == path[0]).Select(r => (HoleRoot?)r).FirstOrDefault();
        if (found is not { } parameter)
        {
            var names = roots.Where(r => !SymbolEqualityComparer.Default.Equals(r.Type, cancellationToken)).Select(r => r.Name).ToList();
            problem = CacheProblem.Error(DiagnosticIds.KeyHoleUnknown, site, hole.PathText, method.Name,
                names.Count == 0
                    ? "the method has no parameters to put in the key; remove the hole"
                    : $"no parameter is named '{path[0]}'; use one of: {string.Join(", ", names)}")
                with { FixData = new Dictionary<string, string> { [FixDataKeys.UnknownHole] = path[0], [FixDataKeys.HoleCandidates] = string.Join(",", names) } };
            return null;
        }

        if (SymbolEqualityComparer.Default.Equals(parameter.Type, cancellationToken))
        {
            problem = CacheProblem.Error(DiagnosticIds.KeyHoleIsCancellationToken, site, parameter.Name);
            return null;
        }

        var expression = Escape(parameter.Name);
        var type = parameter.Type;
        var mayBeNull = false;
        for (var i = 1; i < path.Length; i++)
        {
            var receiver = UnwrapNullable(type) ?? type;
            var member = FindMember(receiver, path[i], method.ContainingType, compilation);
            if (member is null)
            {
                problem = CacheProblem.Error(DiagnosticIds.KeyHoleUnknown, site, hole.PathText, method.Name,
                    $"'{receiver.ToDisplayString()}' has no readable member '{path[i]}'; use one of: {string.Join(", ", ReadableMembers(receiver, method.ContainingType, compilation))}");
                return null;
            }

            var nullableReceiver = type.IsReferenceType || UnwrapNullable(type) is not null;
            expression += (nullableReceiver ? "?." : ".") + Escape(path[i]);
            mayBeNull |= nullableReceiver;
            type = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
        }

        var valueType = UnwrapNullable(type);
        var isNullableValue = valueType is not null || (mayBeNull && type.IsValueType);
        var kind = Classify(valueType ?? type, compilation, out var defaultFormat);
        if (kind is null)
        {
            problem = CacheProblem.Error(DiagnosticIds.KeyHoleNotFormattable, site, hole.PathText, type.ToDisplayString());
            return null;
        }

        if (hole.Format is not null && kind != HoleKind.Formattable)
        {
            problem = CacheProblem.Error(DiagnosticIds.KeyTemplateMalformed, site,
                $"the hole '<{hole.PathText}:{hole.Format}>' has a format, but '{type.ToDisplayString()}' is not formattable; remove ':{hole.Format}'");
            return null;
        }

        var exactType = HasExactEquality(valueType ?? type)
            ? TypeNames.WithoutAnnotations(valueType ?? type) + (isNullableValue || (!type.IsValueType) ? "?" : "")
            : null;
        return new ResolvedHole(expression, kind.Value, hole.Format ?? defaultFormat, isNullableValue, exactType, InexactReason(valueType ?? type));
    }

    // The built-in types whose equal values are known to format differently; other types without exact equality
    // (a user's ISpanFormattable) may well be exact, so nothing is said about them.
    private static string? InexactReason(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Single:
            case SpecialType.System_Double:
                return "0 and -0 are equal but format as '0' and '-0'";
            case SpecialType.System_Decimal:
                return "1.0m and 1.00m are equal but format as '1.0' and '1.00'";
            case SpecialType.System_DateTime:
                return "one instant formats differently as a Utc, Local or Unspecified DateTime";
        }

        return type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } && type.MetadataName == "DateTimeOffset"
            ? "one instant formats differently with each offset"
            : type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } && type.MetadataName == "Half"
                ? "0 and -0 are equal but format as '0' and '-0'"
                : null;
    }

    // Equal values format to the same text (with any format), so the value can stand for its part of the key. Not
    // floating point (0.0 equals -0.0), decimal (1.0m equals 1.00m) or DateTime / DateTimeOffset (equality ignores
    // the kind or offset the text shows): two keys would share one L1 entry.
    private static bool HasExactEquality(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
                return true;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        return type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
            && type.MetadataName is "Guid" or "DateOnly" or "TimeOnly" or "TimeSpan" or "Int128" or "UInt128";
    }

    private static HoleKind? Classify(ITypeSymbol type, Compilation compilation, out string? defaultFormat)
    {
        defaultFormat = null;
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return HoleKind.String;
            case SpecialType.System_Boolean:
                return HoleKind.Boolean;
            case SpecialType.System_Char:
                return HoleKind.Char;
            case SpecialType.System_DateTime:
                defaultFormat = "O";
                break;
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            return underlying.SpecialType is SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64
                ? HoleKind.UnsignedEnum
                : HoleKind.SignedEnum;
        }

        if (type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
        {
            defaultFormat = type.MetadataName switch
            {
                "DateTimeOffset" or "DateOnly" or "TimeOnly" => "O",
                "TimeSpan" => "c",
                _ => defaultFormat,
            };
        }

        var formattable = compilation.GetTypeByMetadataName(KnownTypeNames.SpanFormattable);
        var isFormattable = formattable is not null
            && (SymbolEqualityComparer.Default.Equals(type, formattable) || type.AllInterfaces.Contains(formattable, SymbolEqualityComparer.Default));
        return isFormattable && type.TypeKind != TypeKind.Interface ? HoleKind.Formattable : null;
    }

    private static ISymbol? FindMember(ITypeSymbol type, string name, INamedTypeSymbol within, Compilation compilation)
        => AllReadableMembers(type, within, compilation).FirstOrDefault(m => m.Name == name);

    private static IEnumerable<string> ReadableMembers(ITypeSymbol type, INamedTypeSymbol within, Compilation compilation)
        => AllReadableMembers(type, within, compilation).Select(m => m.Name).Distinct().Take(12);

    private static IEnumerable<ISymbol> AllReadableMembers(ITypeSymbol type, INamedTypeSymbol within, Compilation compilation)
    {
        var types = new List<ITypeSymbol>();
        for (var t = type; t is not null; t = t.BaseType)
        {
            types.Add(t);
        }

        types.AddRange(type.AllInterfaces);
        return types.SelectMany(t => t.GetMembers())
            .Where(m => !m.IsStatic && !m.IsImplicitlyDeclared && compilation.IsSymbolAccessibleWithin(m, within)
                && (m is IFieldSymbol || m is IPropertySymbol { IsIndexer: false, GetMethod: not null }));
    }

    private static ITypeSymbol? UnwrapNullable(ITypeSymbol type)
        => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : null;

    public static string Escape(string identifier)
        => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;
}
