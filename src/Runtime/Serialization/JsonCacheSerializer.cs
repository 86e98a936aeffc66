using System;
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Caching;

/// <summary>
/// Serializes through a System.Text.Json source-generated <see cref="JsonTypeInfo{T}"/>, so no reflection runs and
/// Native AOT stays warning-free.
/// </summary>
/// <typeparam name="T">The cached type.</typeparam>
public sealed class JsonCacheSerializer<T> : ICacheSerializer<T>
{
    private readonly JsonTypeInfo<T> _typeInfo;

    /// <summary>Creates a serializer over source-generated metadata.</summary>
    public JsonCacheSerializer(JsonTypeInfo<T> typeInfo) => _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));

    /// <summary>
    /// Creates a serializer from a context's look-up (<c>AppJson.Default.GetTypeInfo(typeof(User))</c>), with a clear
    /// error when the context does not cover <typeparamref name="T"/>.
    /// </summary>
    public static JsonCacheSerializer<T> FromContext(JsonTypeInfo? typeInfo, string contextName)
        => typeInfo is JsonTypeInfo<T> typed
            ? new JsonCacheSerializer<T>(typed)
            : throw new InvalidOperationException(
                $"The JSON context '{contextName}' has no metadata for '{typeof(T)}'; add [JsonSerializable(typeof({typeof(T).Name}))] to it.");

    /// <inheritdoc/>
    public void Serialize(T value, IBufferWriter<byte> destination)
    {
        using var writer = new Utf8JsonWriter(destination);
        JsonSerializer.Serialize(writer, value, _typeInfo);
    }

    /// <inheritdoc/>
    public T Deserialize(ReadOnlySpan<byte> source)
        => JsonSerializer.Deserialize(source, _typeInfo)
           ?? throw new JsonException("A non-null entry deserialized to null.");
}
