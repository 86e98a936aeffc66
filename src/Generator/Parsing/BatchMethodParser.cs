using System.Linq;
using System.Threading;
using Caching.Generators.Model;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators.Parsing;

/// <summary>Turns a <c>[CachedBatch]</c> method into a <see cref="BatchMethodModel"/>, or null when it cannot be generated.</summary>
internal static class BatchMethodParser
{
    public static BatchMethodModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax
            || context.Attributes.Length != 1 || method.PartialImplementationPart is not null)
        {
            return null;
        }

        var compilation = context.SemanticModel.Compilation;
        var facts = BatchMethodAnalysis.Analyze(method, context.Attributes[0], compilation, cancellationToken);
        if (facts.HasErrors || facts.Core is null || facts.Store is null || facts.Key is null || facts.Ids is null)
        {
            return null;
        }

        var cancellation = compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken);
        var firstToken = method.Parameters.FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Type, cancellation));
        var parameters = CachedMethodParser.Parameters(method, syntax, cancellation, firstToken);
        var disambiguator = CachedMethodParser.Disambiguator(method);
        var memberPrefix = "__Caching_" + method.Name + disambiguator;
        var containingType = method.ContainingType;
        var idType = TypeNames.WithAnnotations(facts.IdType!);
        // The key and tag builders take one id (named by the alias) and the other parameters the holes may read.
        var keyParameters = BatchMethodAnalysis.Roots(facts, cancellation)
            .Where(r => !SymbolEqualityComparer.Default.Equals(r.Type, cancellation))
            .Select(r => new ParameterModel(TypeNames.WithAnnotations(r.Type), KeyHoleResolver.Escape(r.Name), false, false, false))
            .ToEquatableArray();
        var schemaHash = SchemaShape.Hash(facts.ValueType!);
        ReturnShape.TryRead(facts.Core.ReturnType, out var coreKind, out _);

        return new BatchMethodModel(
            HintName: CachedMethodParser.HintName(containingType) + "." + method.Name + disambiguator + ".g.cs",
            Namespace: containingType.ContainingNamespace.IsGlobalNamespace ? null : containingType.ContainingNamespace.ToDisplayString(),
            Containers: CachedMethodParser.Containers(containingType).ToEquatableArray(),
            DisplayName: containingType.ToDisplayString() + "." + method.Name,
            Modifiers: string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword)).Select(m => m.Text)),
            ReturnType: TypeNames.WithAnnotations(method.ReturnType),
            MethodName: KeyHoleResolver.Escape(method.Name),
            MemberPrefix: memberPrefix,
            Parameters: parameters,
            ReturnKind: facts.ReturnKind,
            IdsParameter: KeyHoleResolver.Escape(facts.Ids.Name),
            IdAlias: KeyHoleResolver.Escape(facts.IdAlias),
            IdType: idType,
            ValueType: TypeNames.WithAnnotations(facts.ValueType!),
            CoreReturnKind: coreKind,
            CoreName: KeyHoleResolver.Escape(facts.Core.Name),
            IsStatic: method.IsStatic,
            StoreExpression: CachedMethodParser.StoreExpression(facts.Store),
            Key: KeyModels.Key(memberPrefix + "_Key", keyParameters, facts.KeyPrefix, facts.Key, Emitting.KeyEmitter.SchemaSuffix(schemaHash)),
            Tags: KeyModels.Tags(memberPrefix, keyParameters, facts.Tags),
            SchemaHash: schemaHash,
            TtlSeconds: facts.TtlSeconds,
            JitterSeconds: facts.JitterSeconds,
            Serializer: CachedMethodParser.Serializer(facts.SerializerKind, facts.ValueType!));
    }
}
