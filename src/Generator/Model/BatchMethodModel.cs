using Caching.Generators.Shared;

namespace Caching.Generators.Model;

/// <summary>Everything the emitter needs to write one <c>[CachedBatch]</c> method; immutable and value-equal.</summary>
internal sealed record BatchMethodModel(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeModel> Containers,
    string DisplayName,
    string Modifiers,
    string ReturnType,
    string MethodName,
    string MemberPrefix,
    EquatableArray<ParameterModel> Parameters,
    ReturnKind ReturnKind,
    string IdsParameter,
    string IdAlias,
    string IdType,
    string ValueType,
    ReturnKind CoreReturnKind,
    string CoreName,
    bool IsStatic,
    string StoreExpression,
    KeyMethodModel Key,
    EquatableArray<KeyMethodModel> Tags,
    uint SchemaHash,
    int TtlSeconds,
    int JitterSeconds,
    SerializerModel Serializer);
