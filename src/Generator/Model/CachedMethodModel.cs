using Caching.Generators.Shared;

namespace Caching.Generators.Model;

/// <summary>
/// Everything the emitter needs to write one <c>[Cached]</c> method.
/// </summary>
/// <remarks>
/// This is a cached incremental value: it and everything it contains must stay immutable and value-equal, and
/// hold no Roslyn object (symbols, syntax, locations, compilations), so an unrelated edit leaves it equal and
/// regenerates nothing.
/// </remarks>
internal sealed record CachedMethodModel(
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
    SerializerModel Serializer,
    CompanionsModel Companions,
    string? TtlFor = null,
    LocalCacheModel? Local = null,
    int FailSafeSeconds = 0,
    int SoftTimeoutMs = 0,
    int HardTimeoutMs = 0,
    double RefreshAhead = 0,
    int CompressAbove = 0,
    HashLayoutModel? Hash = null);

/// <summary><c>Layout = Hash</c>: the generated mapper and the single-field reads.</summary>
/// <param name="MapperName">The nested mapper class.</param>
/// <param name="TypeName">The value type without nullable annotation, in <c>global::</c> form.</param>
/// <param name="ConstructorArguments">How many stored properties the constructor takes (the rest are set by an initializer).</param>
/// <param name="Properties">The stored properties, in field order.</param>
internal sealed record HashLayoutModel(string MapperName, string TypeName, int ConstructorArguments, EquatableArray<HashPropertyModel> Properties);

/// <summary>One stored property of a hash-layout value.</summary>
/// <param name="Name">The property's name, which is also the field's.</param>
/// <param name="Accessor">The name as C# writes it (escaped with <c>@</c> when a keyword).</param>
/// <param name="Type">The property's type with annotations, in <c>global::</c> form.</param>
/// <param name="ReadType">The type <c>HashFields.TryRead</c> gives (nullable for references, the underlying number for enums).</param>
/// <param name="WriteCast">A cast before <c>HashFields.Write</c> (an enum's underlying type), or empty.</param>
/// <param name="ReadConversion">Turns the read variable (<c>$</c>) into the property's type: <c>$</c>, a cast <c>(T)$</c>, or <c>$!</c>.</param>
/// <param name="ConstructorPosition">Its constructor parameter's position, or -1 for the initializer.</param>
/// <param name="ReadMethodName">The generated single-field read, or null when the type already has a member by that name.</param>
internal sealed record HashPropertyModel(
    string Name, string Accessor, string Type, string ReadType, string WriteCast, string ReadConversion, int ConstructorPosition, string? ReadMethodName);

/// <summary>The L1 of a method with <c>LocalTtl</c>.</summary>
/// <param name="TtlSeconds">How long an entry is served.</param>
/// <param name="Capacity">The most entries per store.</param>
/// <param name="KeyType">The typed key: a <c>ValueTuple</c> of the holes' values, or <c>string</c> (the Redis key) when a hole has no exact equality.</param>
/// <param name="KeyExpression">The C# that builds the typed key; null when it is the Redis key.</param>
internal sealed record LocalCacheModel(int TtlSeconds, int Capacity, string KeyType, string? KeyExpression);

/// <summary>A type that contains the method, reopened as <c>partial</c> by the emitter.</summary>
/// <param name="Keyword">class, struct, record, record struct or interface.</param>
/// <param name="Name">The type's name.</param>
internal sealed record ContainingTypeModel(string Keyword, string Name);

/// <summary>A parameter as the partial signature declares it.</summary>
/// <param name="Type">The type in <c>global::</c> form, with nullable annotations.</param>
/// <param name="Name">The name, escaped with <c>@</c> when it is a keyword.</param>
/// <param name="IsParams">Whether it is a <c>params</c> parameter.</param>
/// <param name="IsCancellationToken">Whether it is a <c>CancellationToken</c>, which never enters the key.</param>
/// <param name="IsStoreToken">Whether it is the token handed to the store and from it to the core (the first token of an asynchronous method).</param>
/// <param name="DefaultValue">The default value as C#, for generated methods that copy the signature (never on the partial's implementation).</param>
internal sealed record ParameterModel(string Type, string Name, bool IsParams, bool IsCancellationToken, bool IsStoreToken, string? DefaultValue = null);

/// <summary>A literal or a hole of the key template.</summary>
/// <param name="Literal">The literal text, or null for a hole.</param>
/// <param name="Expression">For a hole, the C# that reads its value.</param>
/// <param name="Kind">For a hole, how it is appended.</param>
/// <param name="Format">For a hole, the format string or null.</param>
/// <param name="IsNullableValue">For a hole, whether a nullable value type must be unwrapped.</param>
internal sealed record KeyPartModel(string? Literal, string? Expression, HoleKind Kind, string? Format, bool IsNullableValue);

/// <summary>How the value is stored.</summary>
/// <param name="Kind">Which serializer.</param>
/// <param name="ValueType">The value type without nullable reference annotation, in <c>global::</c> form (for <c>Json</c>: the type the context must cover; for <c>NullableUnmanaged</c>: the underlying type).</param>
/// <param name="JsonContext">For <c>Json</c>, the context type in <c>global::</c> form, filled in from the collected contexts.</param>
internal sealed record SerializerModel(SerializerKind Kind, string ValueType, string? JsonContext);
