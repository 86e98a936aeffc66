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
        var parameters = Parameters(method, syntax, cancellation, firstToken);
        var disambiguator = Disambiguator(method);
        var containingType = method.ContainingType;
        ReturnShape.TryRead(facts.Core.ReturnType, out var coreKind, out _);
        var memberPrefix = "__Caching_" + method.Name + disambiguator;
        var keyParameters = parameters.Where(p => !p.IsCancellationToken).ToEquatableArray();
        var schemaHash = SchemaShape.Hash(facts.ValueType);
        var key = KeyModels.Key(memberPrefix + "_Key", keyParameters, facts.KeyPrefix,
            new ResolvedTemplate(facts.KeyTemplateText, facts.KeyParts, facts.Holes), Emitting.KeyEmitter.SchemaSuffix(schemaHash));

        return new CachedMethodModel(
            HintName: HintName(containingType) + "." + method.Name + disambiguator + ".g.cs",
            Namespace: containingType.ContainingNamespace.IsGlobalNamespace ? null : containingType.ContainingNamespace.ToDisplayString(),
            Containers: Containers(containingType).ToEquatableArray(),
            DisplayName: containingType.ToDisplayString() + "." + method.Name,
            Modifiers: string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword)).Select(m => m.Text)),
            ReturnType: TypeNames.WithAnnotations(method.ReturnType),
            MethodName: KeyHoleResolver.Escape(method.Name),
            MemberPrefix: memberPrefix,
            Parameters: parameters,
            ReturnKind: facts.ReturnKind,
            ValueType: TypeNames.WithAnnotations(facts.ValueType),
            CoreReturnKind: coreKind,
            CoreName: KeyHoleResolver.Escape(facts.Core.Name),
            IsStatic: method.IsStatic,
            StoreExpression: StoreExpression(facts.Store),
            Key: key,
            Tags: KeyModels.Tags(memberPrefix, keyParameters, facts.Tags),
            SchemaHash: schemaHash,
            TtlSeconds: facts.TtlSeconds,
            JitterSeconds: facts.JitterSeconds,
            Serializer: Serializer(facts.SerializerKind, facts.ValueType),
            Companions: Companions(method, parameters, facts.Hash is not null),
            TtlFor: facts.TtlFor is null ? null : TypeNames.WithoutAnnotations(facts.TtlFor.ContainingType) + "." + KeyHoleResolver.Escape(facts.TtlFor.Name),
            Local: LocalCache(facts),
            FailSafeSeconds: facts.Expiry.FailSafe,
            SoftTimeoutMs: facts.Expiry.SoftTimeout,
            HardTimeoutMs: facts.Expiry.HardTimeout,
            RefreshAhead: facts.Expiry.RefreshAhead,
            CompressAbove: facts.Expiry.CompressAbove,
            Hash: facts.Hash is null ? null : HashLayoutModels.Hash(method, memberPrefix, facts.ValueType, facts.Hash));
    }

    // The typed key of the method's L1: the values of the key's holes, in a ValueTuple (no string on the hit path).
    // When a hole's type has no exact equality, or there are more than seven, the Redis key itself keys the L1.
    private static LocalCacheModel? LocalCache(CachedMethodFacts facts)
    {
        if (facts.Expiry.LocalTtl <= 0)
        {
            return null;
        }

        var holes = facts.Holes;
        if (holes.Count > 7 || holes.Any(h => h.ExactType is null))
        {
            return new LocalCacheModel(facts.Expiry.LocalTtl, facts.Expiry.LocalCapacity, "string", null);
        }

        if (holes.Count == 0)
        {
            // One key only: the smallest capacity the L1 takes, since its table is sized for the capacity up front.
            return new LocalCacheModel(facts.Expiry.LocalTtl, 3, "global::System.ValueTuple", "default(global::System.ValueTuple)");
        }

        var type = "global::System.ValueTuple<" + string.Join(", ", holes.Select(h => h.ExactType)) + ">";
        return new LocalCacheModel(facts.Expiry.LocalTtl, facts.Expiry.LocalCapacity, type, "new " + type + "(" + string.Join(", ", holes.Select(h => h.Expression)) + ")");
    }

    /// <summary>The parameters as declared, with their default values for generated methods that copy them.</summary>
    public static EquatableArray<ParameterModel> Parameters(IMethodSymbol method, MethodDeclarationSyntax syntax, INamedTypeSymbol? cancellation, IParameterSymbol? storeToken)
        => method.Parameters.Select(p => new ParameterModel(
            TypeNames.WithAnnotations(p.Type), KeyHoleResolver.Escape(p.Name), p.IsParams,
            SymbolEqualityComparer.Default.Equals(p.Type, cancellation), SymbolEqualityComparer.Default.Equals(p, storeToken),
            p.Ordinal < syntax.ParameterList.Parameters.Count ? syntax.ParameterList.Parameters[p.Ordinal].Default?.Value.ToString() : null)).ToEquatableArray();

    /// <summary>A suffix that tells overloads apart in generated member and file names; empty for a method that has none.</summary>
    public static string Disambiguator(IMethodSymbol method)
        => method.ContainingType.GetMembers(method.Name).Length > 1
            ? "_" + Fnv1a.Hash(string.Join(",", method.Parameters.Select(p => TypeNames.WithoutAnnotations(p.Type)))).ToString("x8")
            : "";

    /// <summary>The name companions are built on: <c>GetUserAsync</c> → <c>User</c>.</summary>
    public static string CompanionBase(IMethodSymbol method)
    {
        var name = method.Name.EndsWith("Async", System.StringComparison.Ordinal) ? method.Name.Substring(0, method.Name.Length - 5) : method.Name;
        return name.Length > 3 && name.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(name[3]) ? name.Substring(3) : name;
    }

    // No Warm companion for a hash-layout value: warming writes string entries in a pipeline.
    private static CompanionsModel Companions(IMethodSymbol method, EquatableArray<ParameterModel> parameters, bool isHash = false)
    {
        var name = CompanionBase(method);

        string? Free(string candidate) => method.ContainingType.GetMembers(candidate).IsEmpty ? candidate : null;
        var token = parameters.FirstOrDefault(p => p.IsCancellationToken);
        var tokenName = token?.Name ?? (parameters.Any(p => p.Name == "cancellationToken") ? "__cancellationToken" : "cancellationToken");
        return new CompanionsModel(
            Free("TryGet" + name + "Async"),
            Free("Invalidate" + name + "Async"),
            Free("Refresh" + name + "Async"),
            parameters.Any(p => !p.IsCancellationToken) && !isHash ? Free("Warm" + name + "Async") : null,
            tokenName,
            AddsToken: token is null);
    }

    public static SerializerModel Serializer(SerializerKind kind, ITypeSymbol valueType)
    {
        var serialized = kind == SerializerKind.NullableUnmanaged ? ((INamedTypeSymbol)valueType).TypeArguments[0] : valueType;
        return new SerializerModel(kind, TypeNames.WithoutAnnotations(serialized), JsonContext: null);
    }

    public static string StoreExpression(CacheStoreMember store)
        => store.Kind == CacheStoreKind.PrimaryConstructorParameter ? KeyHoleResolver.Escape(store.Name)
            : store.IsStatic ? TypeNames.WithoutAnnotations(store.DeclaringType) + "." + KeyHoleResolver.Escape(store.Name)
            : "this." + KeyHoleResolver.Escape(store.Name);

    public static System.Collections.Generic.IEnumerable<ContainingTypeModel> Containers(INamedTypeSymbol type)
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

    public static string HintName(INamedTypeSymbol type)
    {
        var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));
        return name.Replace('`', '_').Replace('<', '_').Replace('>', '_');
    }
}
