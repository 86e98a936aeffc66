using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators.Parsing;

/// <summary>
/// The errors that keep a write method from being generated, as raw diagnostics, and the types it needs a JSON
/// context for (see <see cref="CachedMethodErrors"/> for why the generator reports these itself).
/// </summary>
internal sealed class WriteMethodErrors
{
    private WriteMethodErrors(ImmutableArray<Diagnostic> errors, ImmutableArray<(string Type, string Display, Location Location)> jsonTypes)
    {
        Errors = errors;
        JsonTypes = jsonTypes;
    }

    public ImmutableArray<Diagnostic> Errors { get; }

    /// <summary>For a method with no other error: each type a context must list, and where to say so.</summary>
    public ImmutableArray<(string Type, string Display, Location Location)> JsonTypes { get; }

    public static WriteMethodErrors? Collect(GeneratorAttributeSyntaxContext context, string attributeName, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax declaration
            || method.PartialImplementationPart is not null || !WriteMethodAnalysis.IsPrimary(method, attributeName))
        {
            return null;
        }

        var facts = WriteMethodAnalysis.Analyze(method, context.SemanticModel.Compilation, cancellationToken);
        var errors = facts.Problems
            .Where(p => p.IsError && Descriptors.For(p.Id) is not null)
            .Select(p => Diagnostic.Create(Descriptors.For(p.Id)!, ProblemLocations.Locate(p, declaration, null), p.Args))
            .ToImmutableArray();
        var jsonTypes = facts.HasErrors
            ? ImmutableArray<(string, string, Location)>.Empty
            : facts.JsonTypes.Select(j => (TypeNames.WithoutAnnotations(j.Type), j.Type.ToDisplayString(),
                    j.Site == ProblemSite.Parameter ? declaration.ParameterList.Parameters[j.ParameterIndex].GetLocation() : declaration.ReturnType.GetLocation()))
                .ToImmutableArray();
        return errors.IsEmpty && jsonTypes.IsEmpty ? null : new WriteMethodErrors(errors, jsonTypes);
    }
}
