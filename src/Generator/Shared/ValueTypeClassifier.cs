using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>How a cached value is stored.</summary>
internal enum SerializerKind
{
    /// <summary>Raw bytes of a fixed-size value (numbers, enums, Guid, DateTime, …).</summary>
    Unmanaged,

    /// <summary>A nullable fixed-size value.</summary>
    NullableUnmanaged,

    /// <summary>UTF-8 text.</summary>
    String,

    /// <summary>The bytes themselves.</summary>
    ByteArray,

    /// <summary>System.Text.Json through a source-generated context.</summary>
    Json,

    /// <summary><c>Layout = Hash</c>: a Redis hash written by a generated mapper; the serializer is never used.</summary>
    Hash,
}

/// <summary>Decides which raw fast path, if any, stores a type; shared so the analyzer and generator agree.</summary>
internal static class ValueTypeClassifier
{
    public static SerializerKind Classify(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return IsUnmanagedFastPath(nullable.TypeArguments[0]) ? SerializerKind.NullableUnmanaged : SerializerKind.Json;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return SerializerKind.String;
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return SerializerKind.ByteArray;
        }

        return IsUnmanagedFastPath(type) ? SerializerKind.Unmanaged : SerializerKind.Json;
    }

    private static bool IsUnmanagedFastPath(ITypeSymbol type) => type.TypeKind == TypeKind.Enum || IsScalarStruct(type);

    /// <summary>
    /// The structs stored as raw bytes by <c>UnmanagedCacheSerializer</c> (numbers, <c>bool</c>, <c>char</c>, the date
    /// and time types, <c>Guid</c>), which also make flat fields of a hash layout.
    /// </summary>
    public static bool IsScalarStruct(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_DateTime:
                return true;
        }

        return type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
               && type.MetadataName is "Guid" or "DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly";
    }
}
