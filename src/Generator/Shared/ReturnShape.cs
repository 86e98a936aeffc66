using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>How a method returns its value.</summary>
internal enum ReturnKind
{
    Synchronous,
    Task,
    ValueTask,
}

/// <summary>Splits a return type into its kind and the value type it carries.</summary>
internal static class ReturnShape
{
    /// <summary>Returns false for <c>void</c>, non-generic <c>Task</c>/<c>ValueTask</c> and other awaitables.</summary>
    public static bool TryRead(ITypeSymbol returnType, out ReturnKind kind, out ITypeSymbol valueType)
    {
        kind = ReturnKind.Synchronous;
        valueType = returnType;
        if (returnType.SpecialType == SpecialType.System_Void)
        {
            return false;
        }

        if (returnType is INamedTypeSymbol named && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
        {
            switch (named.MetadataName)
            {
                case "Task`1":
                    kind = ReturnKind.Task;
                    valueType = named.TypeArguments[0];
                    return true;
                case "ValueTask`1":
                    kind = ReturnKind.ValueTask;
                    valueType = named.TypeArguments[0];
                    return true;
                case "Task":
                case "ValueTask":
                    return false;
            }
        }

        return returnType.TypeKind != TypeKind.Pointer && !returnType.IsRefLikeType;
    }

    /// <summary>
    /// Like <see cref="TryRead"/>, but a method that returns nothing is fine too: <c>void</c>, <c>Task</c> and
    /// <c>ValueTask</c> give a null <paramref name="valueType"/>.
    /// </summary>
    public static bool TryReadWithoutValue(ITypeSymbol returnType, out ReturnKind kind, out ITypeSymbol? valueType)
    {
        valueType = null;
        kind = ReturnKind.Synchronous;
        if (returnType.SpecialType == SpecialType.System_Void)
        {
            return true;
        }

        if (returnType is INamedTypeSymbol { Arity: 0 } named && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
            && named.MetadataName is "Task" or "ValueTask")
        {
            kind = named.MetadataName == "Task" ? ReturnKind.Task : ReturnKind.ValueTask;
            return true;
        }

        var ok = TryRead(returnType, out kind, out var value);
        valueType = value;
        return ok;
    }
}
