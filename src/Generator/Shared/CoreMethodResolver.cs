using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>
/// Finds the method that computes the value: <c>GetUserAsync</c> → <c>GetUserCoreAsync</c>, <c>GetUser</c> →
/// <c>GetUserCore</c>, or the one named by <c>Core = nameof(...)</c>. It must take the same parameter types in the
/// same order and return the same value, as <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c> for an asynchronous
/// method, or <c>T</c> for a synchronous one.
/// </summary>
internal static class CoreMethodResolver
{
    public static string ConventionalName(string methodName)
        => methodName.EndsWith("Async", System.StringComparison.Ordinal) && methodName.Length > 5
            ? methodName.Substring(0, methodName.Length - 5) + "CoreAsync"
            : methodName + "Core";

    /// <param name="method">The annotated method.</param>
    /// <param name="coreName">The core's name.</param>
    /// <param name="kind">How the method returns.</param>
    /// <param name="valueType">The value it returns, or null for a write method that returns none (<c>void</c>, <c>Task</c>, <c>ValueTask</c>).</param>
    /// <param name="compilation">The compilation.</param>
    /// <param name="problem">Why no core matches.</param>
    public static IMethodSymbol? Resolve(IMethodSymbol method, string coreName, ReturnKind kind, ITypeSymbol? valueType, Compilation compilation, out string? problem)
    {
        problem = null;
        var sameName = AllMethods(method.ContainingType, coreName)
            .Where(m => !SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, method.OriginalDefinition)
                && compilation.IsSymbolAccessibleWithin(m, method.ContainingType))
            .ToList();
        var match = sameName.FirstOrDefault(m => Matches(m, method, kind, valueType));
        if (match is not null)
        {
            return match;
        }

        var expected = Describe(method, coreName, kind, valueType);
        problem = sameName.Count == 0
            ? $"has no core method '{coreName}'; add {expected}"
            : $"has a method '{coreName}' whose signature does not match; it must be {expected}";
        return null;
    }

    private static bool Matches(IMethodSymbol core, IMethodSymbol method, ReturnKind kind, ITypeSymbol? valueType)
    {
        if (core.IsStatic != method.IsStatic || core.IsGenericMethod || core.Parameters.Length != method.Parameters.Length)
        {
            return false;
        }

        // A by-reference parameter of the cached method is its own error (CACHE014); the core is not blamed for it.
        for (var i = 0; i < core.Parameters.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(core.Parameters[i].Type, method.Parameters[i].Type) || (method.Parameters[i].RefKind == RefKind.None && core.Parameters[i].RefKind != RefKind.None))
            {
                return false;
            }
        }

        if (!ReturnShape.TryReadWithoutValue(core.ReturnType, out var coreKind, out var coreValue) || !SymbolEqualityComparer.Default.Equals(coreValue, valueType))
        {
            return false;
        }

        return kind == ReturnKind.Synchronous ? coreKind == ReturnKind.Synchronous : coreKind != ReturnKind.Synchronous;
    }

    private static string Describe(IMethodSymbol method, string coreName, ReturnKind kind, ITypeSymbol? valueType)
    {
        var value = valueType?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var returnType = kind == ReturnKind.Synchronous ? value ?? "void" : value is null ? "Task" : $"Task<{value}>";
        var parameters = string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + p.Name));
        return $"'private {(method.IsStatic ? "static " : "")}{returnType} {coreName}({parameters})'";
    }

    private static System.Collections.Generic.IEnumerable<IMethodSymbol> AllMethods(INamedTypeSymbol type, string name)
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
