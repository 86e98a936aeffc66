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
}
