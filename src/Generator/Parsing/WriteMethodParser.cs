using System.Linq;
using System.Threading;
using Caching.Generators.Model;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators.Parsing;

/// <summary>Turns a write method into a <see cref="WriteMethodModel"/>, or null when it cannot be generated.</summary>
internal static class WriteMethodParser
{
    /// <param name="context">The method, found through <paramref name="attributeName"/>.</param>
    /// <param name="attributeName">The write attribute whose pipeline runs; only the method's first one generates it.</param>
    /// <param name="cancellationToken">Cancels the parse.</param>
    public static WriteMethodModel? Parse(GeneratorAttributeSyntaxContext context, string attributeName, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax
            || method.PartialImplementationPart is not null || !WriteMethodAnalysis.IsPrimary(method, attributeName))
        {
            return null;
        }

        var compilation = context.SemanticModel.Compilation;
        var facts = WriteMethodAnalysis.Analyze(method, compilation, cancellationToken);
        if (facts.HasErrors || facts.Core is null || facts.Store is null)
        {
            return null;
        }

        var cancellation = compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken);
        var firstToken = method.Parameters.FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Type, cancellation));
        var parameters = CachedMethodParser.Parameters(method, syntax, cancellation, firstToken);
        var keyParameters = parameters.Where(p => !p.IsCancellationToken).ToEquatableArray();
        var disambiguator = CachedMethodParser.Disambiguator(method);
        var memberPrefix = "__Caching_" + method.Name + disambiguator;
        var containingType = method.ContainingType;

        return new WriteMethodModel(
            HintName: CachedMethodParser.HintName(containingType) + "." + method.Name + disambiguator + ".g.cs",
            Namespace: containingType.ContainingNamespace.IsGlobalNamespace ? null : containingType.ContainingNamespace.ToDisplayString(),
            Containers: CachedMethodParser.Containers(containingType).ToEquatableArray(),
            ContainingType: TypeNames.WithoutAnnotations(containingType),
            DisplayName: containingType.ToDisplayString() + "." + method.Name,
            HandlerId: HandlerId(method, facts, disambiguator),
            Modifiers: string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword)).Select(m => m.Text)),
            ReturnType: TypeNames.WithAnnotations(method.ReturnType),
            MethodName: KeyHoleResolver.Escape(method.Name),
            MemberPrefix: memberPrefix,
            Parameters: parameters,
            ReturnKind: facts.ReturnKind,
            ResultType: facts.ResultType is null ? null : TypeNames.WithAnnotations(facts.ResultType),
            CoreName: KeyHoleResolver.Escape(facts.Core.Name),
            IsStatic: method.IsStatic,
            StoreExpression: CachedMethodParser.StoreExpression(facts.Store),
            Kind: facts.Kind,
            Stored: Stored(facts, memberPrefix, keyParameters),
            QueuedArguments: facts.QueuedArguments
                .Select(a => new ArgumentModel(KeyHoleResolver.Escape(a.Parameter.Name), TypeNames.WithoutAnnotations(a.Parameter.Type), CachedMethodParser.Serializer(a.Kind, a.Parameter.Type)))
                .ToEquatableArray(),
            InvalidatedKeys: facts.InvalidatedKeys
                .Select((k, i) => KeyModels.Key(memberPrefix + "_Invalidated" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), keyParameters, facts.KeyPrefix, k, "", suffixParameter: true))
                .ToEquatableArray(),
            InvalidatedTags: KeyModels.Tags(memberPrefix + "_Invalidated", keyParameters, facts.InvalidatedTags),
            JsonTypes: facts.JsonTypes.Select(j => TypeNames.WithoutAnnotations(j.Type)).Distinct().ToEquatableArray());
    }

    // The queued call's id: the method, and a hash of the shapes of the arguments it queues. A deploy that changes
    // an argument's type gets a new id, so calls queued by the old code meet "no handler" (dead-lettered at once,
    // with the reason) instead of being read with the new shape.
    private static string HandlerId(IMethodSymbol method, WriteMethodFacts facts, string disambiguator)
    {
        var name = method.ContainingType.ToDisplayString() + "." + method.Name + disambiguator;
        if (facts.Kind != WriteKind.Behind)
        {
            return name;
        }

        var shapes = string.Join("|", facts.QueuedArguments.Select(a => SchemaShape.Describe(a.Parameter.Type)));
        return name + "#" + Fnv1a.Hash(shapes).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static StoredValueModel? Stored(WriteMethodFacts facts, string memberPrefix, EquatableArray<ParameterModel> keyParameters)
    {
        if (facts.Kind == WriteKind.None || facts.StoredKey is null || facts.StoredType is null)
        {
            return null;
        }

        var schemaHash = SchemaShape.Hash(facts.StoredType);
        return new StoredValueModel(
            KeyModels.Key(memberPrefix + "_Key", keyParameters, facts.KeyPrefix, facts.StoredKey, Emitting.KeyEmitter.SchemaSuffix(schemaHash)),
            KeyModels.Tags(memberPrefix, keyParameters, facts.StoredTags),
            facts.ValueParameter is null ? null : KeyHoleResolver.Escape(facts.ValueParameter.Name),
            TypeNames.WithAnnotations(facts.StoredType),
            CachedMethodParser.Serializer(facts.StoredSerializer, facts.StoredType),
            schemaHash,
            facts.TtlSeconds,
            facts.JitterSeconds);
    }
}
