using System.Linq;
using System.Threading;
using Caching.Generators.Model;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators.Parsing;

/// <summary>Turns a <c>[Cached]</c> method into a <see cref="CachedMethodModel"/>, or null when it cannot be generated.</summary>
internal static class CachedMethodParser
{
    public static CachedMethodModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax
            || context.Attributes.Length != 1 || method.PartialImplementationPart is not null)
        {
            return null;
        }

        var facts = CachedMethodAnalysis.Analyze(method, context.Attributes[0], context.SemanticModel.Compilation, findJsonContext: null, cancellationToken);
        if (facts.HasErrors || facts.ValueType is null || facts.Core is null || facts.Store is null)
        {
            return null;
        }

        var cancellation = context.SemanticModel.Compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken);
        var firstToken = facts.ReturnKind == ReturnKind.Synchronous ? null : method.Parameters.FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Type, cancellation));
        var parameters = method.Parameters.Select(p => new ParameterModel(
            TypeNames.WithAnnotations(p.Type), KeyHoleResolver.Escape(p.Name), p.IsParams,
            SymbolEqualityComparer.Default.Equals(p.Type, cancellation), SymbolEqualityComparer.Default.Equals(p, firstToken)));
        var disambiguator = method.ContainingType.GetMembers(method.Name).Length > 1
            ? "_" + Fnv1a.Hash(string.Join(",", method.Parameters.Select(p => TypeNames.WithoutAnnotations(p.Type)))).ToString("x8")
            : "";
        var containingType = method.ContainingType;
        ReturnShape.TryRead(facts.Core.ReturnType, out var coreKind, out _);

        return new CachedMethodModel(
            HintName: HintName(containingType) + "." + method.Name + disambiguator + ".g.cs",
            Namespace: containingType.ContainingNamespace.IsGlobalNamespace ? null : containingType.ContainingNamespace.ToDisplayString(),
            Containers: Containers(containingType).ToEquatableArray(),
            DisplayName: containingType.ToDisplayString() + "." + method.Name,
            Modifiers: string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword)).Select(m => m.Text)),
            ReturnType: TypeNames.WithAnnotations(method.ReturnType),
            MethodName: KeyHoleResolver.Escape(method.Name),
            MemberPrefix: "__Caching_" + method.Name + disambiguator,
            Parameters: parameters.ToEquatableArray(),
            ReturnKind: facts.ReturnKind,
            ValueType: TypeNames.WithAnnotations(facts.ValueType),
            CoreReturnKind: coreKind,
            CoreName: KeyHoleResolver.Escape(facts.Core.Name),
            IsStatic: method.IsStatic,
            StoreExpression: StoreExpression(facts.Store),
            KeyPrefix: facts.KeyPrefix,
            KeyParts: KeyParts(facts).ToEquatableArray(),
            SchemaHash: SchemaShape.Hash(facts.ValueType),
            TtlSeconds: facts.TtlSeconds,
            JitterSeconds: facts.JitterSeconds,
            Serializer: Serializer(facts.SerializerKind, facts.ValueType));
    }

    private static System.Collections.Generic.IEnumerable<KeyPartModel> KeyParts(CachedMethodFacts facts)
    {
        var holes = facts.Holes.GetEnumerator();
        foreach (var part in facts.KeyParts)
        {
            if (!part.IsHole)
            {
                yield return new KeyPartModel(part.Literal, null, HoleKind.String, null, false);
                continue;
            }

            holes.MoveNext();
            var hole = holes.Current;
            yield return new KeyPartModel(null, hole.Expression, hole.Kind, hole.Format, hole.IsNullableValue);
        }
    }

    private static SerializerModel Serializer(SerializerKind kind, ITypeSymbol valueType)
    {
        var serialized = kind == SerializerKind.NullableUnmanaged ? ((INamedTypeSymbol)valueType).TypeArguments[0] : valueType;
        return new SerializerModel(kind, TypeNames.WithoutAnnotations(serialized), JsonContext: null);
    }

    private static string StoreExpression(CacheStoreMember store)
        => store.Kind == CacheStoreKind.PrimaryConstructorParameter ? KeyHoleResolver.Escape(store.Name)
            : store.IsStatic ? TypeNames.WithoutAnnotations(store.DeclaringType) + "." + KeyHoleResolver.Escape(store.Name)
            : "this." + KeyHoleResolver.Escape(store.Name);

    private static System.Collections.Generic.IEnumerable<ContainingTypeModel> Containers(INamedTypeSymbol type)
    {
        var chain = new System.Collections.Generic.List<ContainingTypeModel>();
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            var keyword = t.IsRecord ? (t.IsValueType ? "record struct" : "record")
                : t.TypeKind == TypeKind.Struct ? "struct"
                : t.TypeKind == TypeKind.Interface ? "interface"
                : "class";
            chain.Insert(0, new ContainingTypeModel(keyword, KeyHoleResolver.Escape(t.Name)));
        }

        return chain;
    }

    private static string HintName(INamedTypeSymbol type)
    {
        var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));
        return name.Replace('`', '_').Replace('<', '_').Replace('>', '_');
    }
}
