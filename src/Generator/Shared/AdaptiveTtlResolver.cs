using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>
/// Finds the adaptive TTL method named by <c>TtlFor</c>: a static method of the cached method's type (or a base),
/// accessible from it, taking one parameter the cached value converts to and returning <c>System.TimeSpan</c>.
/// Static, because the policy that calls it is created once per method, not per instance.
/// </summary>
internal static class AdaptiveTtlResolver
{
    public static IMethodSymbol? Resolve(IMethodSymbol method, string name, ITypeSymbol valueType, Compilation compilation, out string? problem)
    {
        problem = null;
        var timeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        var candidates = Candidates(method.ContainingType, name)
            .Where(m => compilation.IsSymbolAccessibleWithin(m, method.ContainingType))
            .ToList();
        var match = candidates.FirstOrDefault(m => m.IsStatic && !m.IsGenericMethod && m.Parameters.Length == 1 && m.Parameters[0].RefKind == RefKind.None
            && SymbolEqualityComparer.Default.Equals(m.ReturnType, timeSpan)
            && compilation.ClassifyCommonConversion(valueType, m.Parameters[0].Type) is { IsIdentity: true } or { IsImplicit: true, IsReference: true });
        if (match is not null)
        {
            return match;
        }

        var expected = $"'private static TimeSpan {name}({valueType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)} value)'";
        problem = candidates.Count == 0
            ? $"the type has no method '{name}'; add {expected}, returning how long the value should live (zero or less: do not cache it)"
            : candidates.Any(m => !m.IsStatic)
                ? $"'{name}' is an instance method; make it static ({expected}), since the policy calling it is shared by every instance"
                : $"'{name}' does not have the signature {expected}";
        return null;
    }

    private static System.Collections.Generic.IEnumerable<IMethodSymbol> Candidates(INamedTypeSymbol type, string name)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            foreach (var m in t.GetMembers(name).OfType<IMethodSymbol>())
            {
                yield return m;
            }
        }
    }
}
