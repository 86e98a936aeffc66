using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators.Parsing;

/// <summary>The errors that keep a <c>[CachedBatch]</c> method from being generated (see <see cref="CachedMethodErrors"/>).</summary>
internal static class BatchMethodErrors
{
    public static CachedMethodErrors? Collect(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax declaration
            || context.Attributes.Length != 1 || method.PartialImplementationPart is not null)
        {
            return null;
        }

        var attribute = context.Attributes[0];
        var facts = BatchMethodAnalysis.Analyze(method, attribute, context.SemanticModel.Compilation, cancellationToken);
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var errors = facts.Problems
            .Where(p => p.IsError && Descriptors.For(p.Id) is not null)
            .Select(p => Diagnostic.Create(Descriptors.For(p.Id)!, ProblemLocations.Locate(p, declaration, attributeSyntax), p.Args))
            .ToImmutableArray();
        var jsonType = !facts.HasErrors && facts.ValueType is not null && facts.SerializerKind == SerializerKind.Json
            ? TypeNames.WithoutAnnotations(facts.ValueType)
            : null;
        return errors.IsEmpty && jsonType is null
            ? null
            : new CachedMethodErrors(errors, jsonType, declaration.ReturnType.GetLocation(), facts.ValueType?.ToDisplayString() ?? "");
    }
}
