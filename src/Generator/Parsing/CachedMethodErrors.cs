using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators.Parsing;

/// <summary>
/// The errors that keep a <c>[Cached]</c> method from being generated, as raw diagnostics. A command-line build
/// runs no analyzer once the compilation has errors, and the skipped method's CS8795 is one, so without these the
/// user would see only "must have an implementation part" and not why.
/// </summary>
/// <remarks>
/// Holds Roslyn objects on purpose: it feeds only the generator's diagnostics output, never source output, as
/// System.Text.Json's generator splits it, so source generation stays cached.
/// </remarks>
internal sealed class CachedMethodErrors
{
    internal CachedMethodErrors(ImmutableArray<Diagnostic> errors, string? jsonType, Location returnType, string valueType)
    {
        Errors = errors;
        JsonType = jsonType;
        ReturnTypeLocation = returnType;
        ValueTypeDisplay = valueType;
    }

    public ImmutableArray<Diagnostic> Errors { get; }

    /// <summary>For a method with no other error whose value needs JSON: the type a context must list.</summary>
    public string? JsonType { get; }

    public Location ReturnTypeLocation { get; }

    public string ValueTypeDisplay { get; }

    public static CachedMethodErrors? Collect(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax declaration
            || context.Attributes.Length != 1 || method.PartialImplementationPart is not null)
        {
            return null;
        }

        var attribute = context.Attributes[0];
        var facts = CachedMethodAnalysis.Analyze(method, attribute, context.SemanticModel.Compilation, findJsonContext: null, cancellationToken);
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
