using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators.Shared;

/// <summary>
/// Turns a <see cref="CacheProblem"/>'s site into the narrowest useful location: the method name, the offending
/// attribute or attribute argument (or the attribute when the argument is absent), the element of an array argument,
/// the return type or the parameter. Shared so the analyzer and the generator report at the same spot.
/// </summary>
internal static class ProblemLocations
{
    public static Location Locate(CacheProblem problem, MethodDeclarationSyntax declaration, AttributeSyntax? attribute)
    {
        if (problem.Attribute?.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax own)
        {
            attribute = own;
        }

        var attributeLocation = attribute?.GetLocation() ?? declaration.Identifier.GetLocation();
        switch (problem.Site)
        {
            case ProblemSite.Attribute:
                return attributeLocation;
            case ProblemSite.KeyArgument:
                return NamedArgument(attribute, "Key")?.GetLocation() ?? attributeLocation;
            case ProblemSite.CoreArgument:
                return NamedArgument(attribute, "Core")?.GetLocation() ?? attributeLocation;
            case ProblemSite.TtlArgument:
                // The shared rule words a jitter problem starting with "Jitter"; it belongs on the Jitter argument.
                var jitterProblem = problem.Args.Length > 1 && problem.Args[1].StartsWith("Jitter", StringComparison.Ordinal);
                return (jitterProblem ? NamedArgument(attribute, "Jitter") : null)?.GetLocation()
                    ?? NamedArgument(attribute, "Ttl")?.GetLocation()
                    ?? attributeLocation;
            case ProblemSite.TagArgument:
                var tags = NamedArgument(attribute, "Tags") ?? attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null)?.Expression;
                return (Element(tags, problem.ElementIndex) ?? tags)?.GetLocation() ?? attributeLocation;
            case ProblemSite.ValueArgument:
                return NamedArgument(attribute, "Value")?.GetLocation() ?? attributeLocation;
            case ProblemSite.TtlForArgument:
                return NamedArgument(attribute, "TtlFor")?.GetLocation() ?? attributeLocation;
            case ProblemSite.NamedArgument:
                return (problem.ArgumentName is { } name ? NamedArgument(attribute, name) : null)?.GetLocation() ?? attributeLocation;
            case ProblemSite.ReturnType:
                return declaration.ReturnType.GetLocation();
            case ProblemSite.Parameter when problem.ParameterIndex >= 0 && problem.ParameterIndex < declaration.ParameterList.Parameters.Count:
                return declaration.ParameterList.Parameters[problem.ParameterIndex].GetLocation();
            default:
                return declaration.Identifier.GetLocation();
        }
    }

    /// <summary>
    /// The elements of an array argument as written: <c>["a", "b"]</c>, <c>new[] { "a", "b" }</c> or
    /// <c>new string[] { "a", "b" }</c>; null for any other expression.
    /// </summary>
    public static IReadOnlyList<ExpressionSyntax>? Elements(ExpressionSyntax? array) => array switch
    {
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        ImplicitArrayCreationExpressionSyntax creation => creation.Initializer.Expressions,
        CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax)
            => collection.Elements.Cast<ExpressionElementSyntax>().Select(e => e.Expression).ToList(),
        _ => null,
    };

    // Element `index` of an array argument, or null when there is no such element to point at.
    private static ExpressionSyntax? Element(ExpressionSyntax? array, int index)
        => index >= 0 && Elements(array) is { } elements && index < elements.Count ? elements[index] : null;

    private static ExpressionSyntax? NamedArgument(AttributeSyntax? attribute, string name)
        => attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.Expression;
}
