using System.Collections.Generic;
using System.Linq;
using System.Text;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Parsing;

/// <summary>
/// Describes the shape of a cached type as text and hashes it, so that a deploy that changes the type (a property
/// added, renamed or retyped; an enum member renumbered) reads none of the entries written for the old shape.
/// Public instance properties and fields count, in name order, recursively into the application's own types.
/// </summary>
internal static class SchemaShape
{
    private const int MaxDepth = 6;

    // Bump when the meaning of the shape text changes, so every key changes with it.
    private const string ShapeVersion = "shape1";

    public static uint Hash(ITypeSymbol type) => Fnv1a.Hash(Describe(type));

    public static string Describe(ITypeSymbol type)
    {
        var text = new StringBuilder(ShapeVersion).Append('|');
        Append(text, type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, ITypeSymbol type, HashSet<ITypeSymbol> visiting, int depth)
    {
        text.Append(TypeNames.WithoutAnnotations(type));
        if (type is IArrayTypeSymbol array)
        {
            text.Append('[');
            Append(text, array.ElementType, visiting, depth + 1);
            text.Append(']');
            return;
        }

        if (type is not INamedTypeSymbol named || depth >= MaxDepth || !visiting.Add(named))
        {
            return;
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            text.Append('{');
            foreach (var field in named.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue))
            {
                text.Append(field.Name).Append('=').Append(field.ConstantValue).Append(';');
            }

            text.Append('}');
        }
        else if (named.IsGenericType)
        {
            text.Append('<');
            foreach (var argument in named.TypeArguments)
            {
                Append(text, argument, visiting, depth + 1);
                text.Append(',');
            }

            text.Append('>');
        }

        // Framework types keep their shape across our users' deploys; only the application's own types are walked.
        if (named.TypeKind is TypeKind.Class or TypeKind.Struct && !IsFrameworkType(named))
        {
            text.Append('{');
            foreach (var member in DataMembers(named))
            {
                text.Append(member.Name).Append(':');
                Append(text, member.Type, visiting, depth + 1);
                text.Append(';');
            }

            text.Append('}');
        }

        visiting.Remove(named);
    }

    private static IEnumerable<(string Name, ITypeSymbol Type)> DataMembers(INamedTypeSymbol type)
    {
        var members = new SortedDictionary<string, ITypeSymbol>(System.StringComparer.Ordinal);
        for (INamedTypeSymbol? t = type; t is not null && !IsFrameworkType(t); t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || members.ContainsKey(member.Name))
                {
                    continue;
                }

                if (member is IPropertySymbol { IsIndexer: false } property)
                {
                    members[property.Name] = property.Type;
                }
                else if (member is IFieldSymbol { IsImplicitlyDeclared: false } field)
                {
                    members[field.Name] = field.Type;
                }
            }
        }

        return members.Select(m => (m.Key, m.Value));
    }

    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false, ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns?.Name is "System" or "Microsoft";
    }
}
