using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>How one property of a hash-layout type is written and read (see <c>HashFields</c> in the runtime).</summary>
internal enum HashValueKind
{
    /// <summary>A <c>HashFields</c> overload takes the property's type as it is.</summary>
    Direct,

    /// <summary>An enum, written as its underlying number.</summary>
    Enum,

    /// <summary>A nullable enum, written as its underlying number or null.</summary>
    NullableEnum,
}

/// <summary>One stored property of a hash-layout type.</summary>
/// <param name="Property">The property.</param>
/// <param name="Kind">How it is written.</param>
/// <param name="EnumUnderlying">For an enum, its underlying type's keyword (<c>int</c>).</param>
/// <param name="ConstructorPosition">Its position in the chosen constructor's parameters; -1 when the initializer sets it.</param>
internal sealed record HashProperty(IPropertySymbol Property, HashValueKind Kind, string? EnumUnderlying, int ConstructorPosition);

/// <summary>
/// <c>Layout = CacheLayout.Hash</c> on <c>[Cached]</c>: whether the value type is flat (every stored property a
/// scalar <c>HashFields</c> can write) and can be built back without reflection, and whether the method's other
/// settings work with a hash. Shared so the generator (which emits nothing for a problem) and the analyzer (CACHE032)
/// agree. Rules and stored shape: <c>docs/design/hash-layout.md</c>.
/// </summary>
internal static class HashLayoutAnalysis
{
    /// <summary><c>CacheLayout.Hash</c>'s value.</summary>
    public const int Hash = 1;

    /// <summary>Whether the attribute asks for the hash layout.</summary>
    public static bool IsHash(AttributeData attribute) => CachedMethodAnalysis.Named(attribute, "Layout") is int layout && layout == Hash;

    /// <summary>The stored properties, in declaration order, or null with problems added when the method cannot use the hash layout.</summary>
    public static List<HashProperty>? Analyze(CachedMethodFacts facts, AttributeData attribute, AttributeData? defaults)
    {
        var problems = new List<string>();
        if (facts.ReturnKind == ReturnKind.Synchronous)
        {
            problems.Add("the hash layout needs an asynchronous method (Task<T> or ValueTask<T>)");
        }

        if (TemplateResolver.Tags(attribute).Count > 0)
        {
            problems.Add("tags are checked against a digest stored with a string entry, which a hash does not carry; remove Tags or use Layout = Json");
        }

        Setting("LocalTtl", facts.Expiry.LocalTtl, "L1 (LocalTtl) is not supported with the hash layout; set LocalTtl = 0");
        Setting("FailSafe", facts.Expiry.FailSafe, "fail-safe (FailSafe) is not supported with the hash layout; set FailSafe = 0");
        Setting("CompressAbove", facts.Expiry.CompressAbove, "a hash's fields cannot be compressed; set CompressAbove = 0");
        if (facts.Expiry.RefreshAhead > 0)
        {
            problems.Add("refresh-ahead (RefreshAhead) is not supported with the hash layout; set RefreshAhead = 0");
        }

        List<HashProperty>? properties = null;
        if (facts.ValueType is { } valueType)
        {
            properties = Shape(valueType, problems);
        }

        foreach (var problem in problems)
        {
            facts.Problems.Add(CacheProblem.Error(DiagnosticIds.HashLayoutUnsupported, ProblemSite.NamedArgument, facts.Method.Name, problem)
                with { Attribute = attribute, ArgumentName = "Layout" });
        }

        return problems.Count == 0 ? properties : null;

        void Setting(string name, int value, string problem)
        {
            if (value > 0)
            {
                var inherited = CachedMethodAnalysis.Named(attribute, name) is null && defaults is not null;
                problems.Add(inherited ? $"[CacheDefaults] {name} is {value}, and {problem} on this method" : problem);
            }
        }
    }

    // The stored properties of a flat type and how it is built: the public constructor whose parameters each match a
    // property (by name, ignoring case, and type) with the most parameters, the other properties set by an initializer.
    private static List<HashProperty>? Shape(ITypeSymbol type, List<string> problems)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
        {
            problems.Add($"'{type.ToDisplayString()}' is a nullable struct; return the struct itself");
            return null;
        }

        if (type is not INamedTypeSymbol named || named.TypeKind is not (TypeKind.Class or TypeKind.Struct) || named.IsAbstract
            || named.SpecialType != SpecialType.None || named.ContainingNamespace?.ToDisplayString().StartsWith("System", StringComparison.Ordinal) == true)
        {
            problems.Add($"'{type.ToDisplayString()}' is not a class, record or struct of the application with properties");
            return null;
        }

        var candidates = new List<IPropertySymbol>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = named; t is not null && t.SpecialType != SpecialType.System_Object && t.SpecialType != SpecialType.System_ValueType; t = t.BaseType)
        {
            var own = t.GetMembers().OfType<IPropertySymbol>()
                .Where(p => !p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public && p.GetMethod is { DeclaredAccessibility: Accessibility.Public }
                    && seen.Add(p.Name))
                .ToList();
            candidates.InsertRange(0, own);
        }

        var constructor = ChooseConstructor(named, candidates);
        var result = new List<HashProperty>();
        foreach (var property in candidates)
        {
            var position = constructor is null ? -1 : Array.FindIndex(constructor.Parameters.ToArray(), p => Matches(p, property));
            var settable = property.SetMethod is { DeclaredAccessibility: Accessibility.Public };
            if (position < 0 && !settable)
            {
                if (IsAutoProperty(property))
                {
                    problems.Add($"property '{property.Name}' has no public setter or init accessor and no constructor parameter sets it, so it cannot be read back");
                }

                continue; // computed from the others: not stored
            }

            var kind = Classify(property.Type, out var underlying);
            if (kind is null)
            {
                problems.Add($"property '{property.Name}' is a '{property.Type.ToDisplayString()}', not a string, number, bool, enum, date, time, Guid or byte[]; use Layout = Json for nested objects and collections");
                continue;
            }

            result.Add(new HashProperty(property, kind.Value, underlying, position));
        }

        if (constructor is null)
        {
            problems.Add($"'{type.ToDisplayString()}' has no public constructor whose parameters all match properties by name and type");
        }
        else if (problems.Count == 0 && result.Count(p => p.ConstructorPosition >= 0) != constructor.Parameters.Length)
        {
            problems.Add($"the constructor of '{type.ToDisplayString()}' takes a parameter no stored property matches");
        }

        if (result.Count == 0 && problems.Count == 0)
        {
            problems.Add($"'{type.ToDisplayString()}' has no public property to store");
        }

        return result;
    }

    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<IPropertySymbol> properties)
        => type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && !IsCopyConstructor(c, type))
            .Where(c => c.Parameters.All(p => properties.Any(q => Matches(p, q))))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();

    private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol type)
        => constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type.OriginalDefinition, type.OriginalDefinition);

    private static bool Matches(IParameterSymbol parameter, IPropertySymbol property)
        => string.Equals(parameter.Name, property.Name, StringComparison.OrdinalIgnoreCase)
           && SymbolEqualityComparer.Default.Equals(parameter.Type.WithNullableAnnotation(NullableAnnotation.None), property.Type.WithNullableAnnotation(NullableAnnotation.None));

    private static bool IsAutoProperty(IPropertySymbol property)
        => property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

    /// <summary>How a property's type is stored, or null when it is not a scalar the hash layout can store.</summary>
    public static HashValueKind? Classify(ITypeSymbol type, out string? enumUnderlying)
    {
        enumUnderlying = null;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var inner = nullable.TypeArguments[0];
            if (inner is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } u })
            {
                enumUnderlying = u.ToDisplayString();
                return HashValueKind.NullableEnum;
            }

            return ValueTypeClassifier.IsScalarStruct(inner) ? HashValueKind.Direct : null;
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            enumUnderlying = underlying.ToDisplayString();
            return HashValueKind.Enum;
        }

        if (type.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return HashValueKind.Direct;
        }

        return ValueTypeClassifier.IsScalarStruct(type) ? HashValueKind.Direct : null;
    }
}
