using System;
using System.Buffers;
using System.Text;

namespace Caching;

/// <summary>The raw fast path for <see cref="string"/>: strict UTF-8, so invalid bytes are a miss, not garbage.</summary>
public sealed class StringCacheSerializer : ICacheSerializer<string>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The one instance.</summary>
    public static readonly StringCacheSerializer Instance = new();

    private StringCacheSerializer()
    {
    }

    /// <inheritdoc/>
    public void Serialize(string value, IBufferWriter<byte> destination) => StrictUtf8.GetBytes(value.AsSpan(), destination);

    /// <inheritdoc/>
    public string Deserialize(ReadOnlySpan<byte> source) => StrictUtf8.GetString(source);
}
