using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators.Shared;

/// <summary>
/// Turns a <see cref="CacheProblem"/>'s site into the narrowest useful location: the method name, the offending
/// attribute argument (or the attribute when the argument is absent), the return type or the parameter. Shared so
/// the analyzer and the generator report at the same spot.
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
                return (NamedArgument(attribute, "Tags") ?? attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null)?.Expression)?.GetLocation()
                    ?? attributeLocation;
            case ProblemSite.ValueArgument:
                return NamedArgument(attribute, "Value")?.GetLocation() ?? attributeLocation;
            case ProblemSite.ReturnType:
                return declaration.ReturnType.GetLocation();
            case ProblemSite.Parameter when problem.ParameterIndex >= 0 && problem.ParameterIndex < declaration.ParameterList.Parameters.Count:
                return declaration.ParameterList.Parameters[problem.ParameterIndex].GetLocation();
            default:
                return declaration.Identifier.GetLocation();
        }
    }

    private static ExpressionSyntax? NamedArgument(AttributeSyntax? attribute, string name)
        => attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.Expression;
}
