using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>
/// Warnings about how a <c>[Cached]</c> method returns its value that are not errors (the generator still writes the
/// method): a synchronous method blocking on Redis (CACHE025), and a mutable value shared through L1 (CACHE023).
/// </summary>
internal static class ValueChecks
{
    /// <summary>CACHE025: the generated body of a synchronous method waits for Redis on the caller's thread.</summary>
    public static void Synchronous(List<CacheProblem> problems, IMethodSymbol method, ReturnKind kind)
    {
        if (kind == ReturnKind.Synchronous)
        {
            problems.Add(CacheProblem.Warning(DiagnosticIds.CachedMethodSynchronous, ProblemSite.ReturnType, method.Name));
        }
    }

    /// <summary>
    /// CACHE023: with L1 on, every caller gets the same instance, so a value whose state can be changed is shared
    /// state. Reported for arrays, mutable collections, and types with a settable property or a writable field,
    /// unless the type is marked <c>[ImmutableObject(true)]</c>.
    /// </summary>
    public static void SharedMutableValue(List<CacheProblem> problems, IMethodSymbol method, ITypeSymbol valueType, int localTtl)
    {
        if (localTtl > 0 && MutableBecause(valueType) is { } reason)
        {
            problems.Add(new CacheProblem(DiagnosticIds.SharedMutableValue, false, ProblemSite.ReturnType, -1,
                new[] { valueType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(), method.Name, reason }));
        }
    }

    /// <summary>Why instances of <paramref name="type"/> can be changed, or null when they cannot (or we cannot tell).</summary>
    internal static string? MutableBecause(ITypeSymbol type)
    {
        if (type.IsValueType || type.SpecialType == SpecialType.System_String || IsMarkedImmutable(type))
        {
            return null;
        }

        if (type is IArrayTypeSymbol)
        {
            return "an array's elements can be replaced";
        }

        if (type is not INamedTypeSymbol named || named.TypeKind is not (TypeKind.Class or TypeKind.Interface))
        {
            return null;
        }

        if (IsMutableCollection(named))
        {
            return $"'{named.Name}' can be added to and changed";
        }

        if (named.TypeKind == TypeKind.Interface)
        {
            return null;
        }

        for (var current = named; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || member.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }

                switch (member)
                {
                    case IPropertySymbol { SetMethod: { DeclaredAccessibility: Accessibility.Public, IsInitOnly: false } } property:
                        return $"its property '{property.Name}' has a setter";
                    case IFieldSymbol { IsReadOnly: false, IsConst: false } field:
                        return $"its field '{field.Name}' is writable";
                    case IPropertySymbol { IsIndexer: false } property when property.Type is IArrayTypeSymbol || (property.Type is INamedTypeSymbol p && IsMutableCollection(p)):
                        return $"its property '{property.Name}' is a collection that can be changed";
                }
            }
        }

        return null;
    }

    // List<T>, Dictionary<K,V>, HashSet<T> and the other concrete or mutable-interface collections of the BCL.
    private static bool IsMutableCollection(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString();
        if (ns is not ("System.Collections.Generic" or "System.Collections.ObjectModel" or "System.Collections" or "System.Collections.Concurrent"))
        {
            return false;
        }

        return !type.Name.StartsWith("IReadOnly", System.StringComparison.Ordinal)
            && !type.Name.StartsWith("ReadOnly", System.StringComparison.Ordinal)
            && type.Name is not ("IEnumerable" or "IEnumerator" or "KeyValuePair" or "IAsyncEnumerable" or "IComparer" or "IEqualityComparer");
    }

    private static bool IsMarkedImmutable(ITypeSymbol type)
        => type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.ComponentModel.ImmutableObjectAttribute"
            && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is true);
}
