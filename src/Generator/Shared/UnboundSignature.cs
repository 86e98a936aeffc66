using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>
/// A method whose return or parameter types do not bind (a missing <c>using</c>, a typo): the compiler reports that
/// (CS0246), so our rules stay quiet rather than reason about a type they cannot see; they once told such a method to
/// add <c>[JsonSerializable(typeof(Task&lt;User&gt;))]</c>. The generator writes nothing for it either.
/// </summary>
internal static class UnboundSignature
{
    /// <summary>
    /// The problem that stands for it: an error, so the generator emits nothing, with no descriptor of ours, so no
    /// analyzer reports it.
    /// </summary>
    public static readonly CacheProblem Problem = new("", IsError: true, ProblemSite.MethodName, -1, []);

    public static bool Of(IMethodSymbol method) => HasError(method.ReturnType) || method.Parameters.Any(p => HasError(p.Type));

    private static bool HasError(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol => true,
        IArrayTypeSymbol array => HasError(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(HasError),
        _ => false,
    };
}
