using Caching.Generators.Shared;

namespace Caching.Generators.Model;

/// <summary>
/// Everything the emitter needs to write one write method (<c>[WriteThrough]</c>, <c>[WriteBehind]</c>,
/// <c>[Invalidates]</c>, <c>[InvalidatesTag]</c>). Immutable and value-equal, with no Roslyn object, like
/// <see cref="CachedMethodModel"/>.
/// </summary>
internal sealed record WriteMethodModel(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeModel> Containers,
    string ContainingType,
    string DisplayName,
    string HandlerId,
    string Modifiers,
    string ReturnType,
    string MethodName,
    string MemberPrefix,
    EquatableArray<ParameterModel> Parameters,
    ReturnKind ReturnKind,
    string? ResultType,
    string CoreName,
    bool IsStatic,
    string StoreExpression,
    WriteKind Kind,
    StoredValueModel? Stored,
    EquatableArray<ArgumentModel> QueuedArguments,
    EquatableArray<KeyMethodModel> InvalidatedKeys,
    EquatableArray<KeyMethodModel> InvalidatedTags,
    EquatableArray<string> JsonTypes);

/// <summary>The value a write-through or write-behind stores.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="ValueExpression">The parameter that holds it, or null for the method's result.</param>
/// <param name="ValueType">Its type, annotated, for the policy.</param>
/// <param name="Serializer">How it is stored.</param>
/// <param name="SchemaHash">The hash of its type's shape (the same as a reader's of that type).</param>
/// <param name="TtlSeconds">Time to live.</param>
/// <param name="JitterSeconds">Jitter.</param>
internal sealed record StoredValueModel(
    KeyMethodModel Key,
    EquatableArray<KeyMethodModel> Tags,
    string? ValueExpression,
    string ValueType,
    SerializerModel Serializer,
    uint SchemaHash,
    int TtlSeconds,
    int JitterSeconds);

/// <summary>An argument a write-behind call queues.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Type">Its type without nullable reference annotation, for its serializer.</param>
/// <param name="Serializer">How it is serialized.</param>
internal sealed record ArgumentModel(string Name, string Type, SerializerModel Serializer);

/// <summary>A cached key's shape and schema hash, collected from every reading method, so an invalidation finds the keys it must delete.</summary>
internal sealed record CachedShapeModel(string Shape, uint SchemaHash);
