using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators.Shared;

/// <summary>How generated code reaches the <c>ICacheStore</c>.</summary>
internal enum CacheStoreKind
{
    Field,
    Property,
    PrimaryConstructorParameter,
}

/// <summary>The store a cached method uses.</summary>
internal sealed record CacheStoreMember(string Name, CacheStoreKind Kind, bool IsStatic, ITypeSymbol DeclaringType);

/// <summary>
/// Finds the one <c>ICacheStore</c> a cached method uses: the member marked <c>[CacheStore]</c>, else the one
/// field or property (declared or inherited, not private in a base), else the one primary-constructor parameter.
/// A static method can only use a static member.
/// </summary>
internal static class CacheStoreResolver
{
    public static CacheStoreMember? Resolve(IMethodSymbol method, INamedTypeSymbol storeType, INamedTypeSymbol? storeAttribute, out string? problem)
    {
        problem = null;
        var candidates = Candidates(method, storeType).ToList();
        var marked = candidates.Where(c => HasAttribute(c.Symbol, storeAttribute)).ToList();
        var members = candidates.Where(c => c.Member.Kind != CacheStoreKind.PrimaryConstructorParameter).ToList();
        var parameters = candidates.Where(c => c.Member.Kind == CacheStoreKind.PrimaryConstructorParameter).ToList();
        var chosen = marked.Count > 0 ? marked : members.Count > 0 ? members : parameters;
        if (chosen.Count == 1)
        {
            return chosen[0].Member;
        }

        problem = chosen.Count == 0
            ? method.IsStatic
                ? "has no static field or property of type 'Caching.ICacheStore'; add one, or make the method an instance method"
                : "has no field, property or primary-constructor parameter of type 'Caching.ICacheStore'; add one"
            : "has several members of type 'Caching.ICacheStore' (" + string.Join(", ", chosen.Select(c => c.Member.Name)) + "); mark the one to use with [CacheStore]";
        return null;
    }

    private static IEnumerable<(ISymbol Symbol, CacheStoreMember Member)> Candidates(IMethodSymbol method, INamedTypeSymbol storeType)
    {
        var owner = method.ContainingType;
        for (var type = owner; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.IsImplicitlyDeclared || (method.IsStatic && !member.IsStatic) || (!SymbolEqualityComparer.Default.Equals(type, owner) && member.DeclaredAccessibility == Accessibility.Private))
                {
                    continue;
                }

                if (member is IFieldSymbol field && IsStore(field.Type, storeType))
                {
                    yield return (field, new CacheStoreMember(field.Name, CacheStoreKind.Field, field.IsStatic, type));
                }
                else if (member is IPropertySymbol { IsIndexer: false, GetMethod: not null } property && IsStore(property.Type, storeType))
                {
                    yield return (property, new CacheStoreMember(property.Name, CacheStoreKind.Property, property.IsStatic, type));
                }
            }
        }

        if (method.IsStatic)
        {
            yield break;
        }

        foreach (var constructor in owner.InstanceConstructors)
        {
            // A primary constructor is declared by the type declaration itself. Records turn its parameters into
            // properties, found above.
            if (owner.IsRecord || !constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax))
            {
                continue;
            }

            foreach (var parameter in constructor.Parameters.Where(p => IsStore(p.Type, storeType)))
            {
                yield return (parameter, new CacheStoreMember(parameter.Name, CacheStoreKind.PrimaryConstructorParameter, false, owner));
            }
        }
    }

    private static bool IsStore(ITypeSymbol type, INamedTypeSymbol storeType)
        => SymbolEqualityComparer.Default.Equals(type, storeType) || type.AllInterfaces.Contains(storeType, SymbolEqualityComparer.Default);

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
        => attribute is not null && symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
}
