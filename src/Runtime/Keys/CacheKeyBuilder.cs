using System;
using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Caching;

/// <summary>
/// Builds a cache key from the literal parts and hole values of a key template, without boxing or
/// <c>string.Format</c>: values are formatted with the invariant culture straight into a stack or pooled buffer.
/// Generated code drives it; user code rarely needs it.
/// </summary>
/// <remarks>
/// Hole values are escaped so that input cannot forge another key, choose a cluster hash slot or inject SCAN glob
/// characters: <c>% : { } * ? [ ] \ #</c>, spaces and control characters become <c>%XX</c>, an unpaired surrogate
/// becomes <c>%uXXXX</c>, and <c>null</c> is the token <c>%N</c>, which no escaped value can spell. A key longer
/// than <see cref="MaxKeyBytes"/> UTF-8 bytes, or whose hash tag is longer than 128 characters, is replaced by its
/// text before the first hole (and before a hash tag that the first hole is in), <c>#h</c>, the XxHash128 of the
/// whole key in hex, and the key's hash tag, or a stand-in for a long one (so every key of a tag shares one slot).
/// </remarks>
public ref struct CacheKeyBuilder
{
    /// <summary>The longest key, in UTF-8 bytes, that is stored as it is.</summary>
    public const int MaxKeyBytes = 512;

    /// <summary>The token written for a <c>null</c> hole value.</summary>
    public const string NullToken = "%N";

    private const int MaxKeptPrefixChars = 256;
    private const int MaxKeptHashTagChars = 128;

    private Span<char> _chars;
    private char[]? _rented;
    private int _length;
    private int _firstHole;

    /// <summary>Starts a key in <paramref name="initialBuffer"/> (usually <c>stackalloc char[256]</c>); it grows from the pool.</summary>
    public CacheKeyBuilder(Span<char> initialBuffer)
    {
        _chars = initialBuffer;
        _rented = null;
        _length = 0;
        _firstHole = -1;
    }

    /// <summary>Appends trusted text (the template's literal parts and prefixes) as it is.</summary>
    public void AppendLiteral(string value)
    {
        EnsureCapacity(value.Length);
        value.AsSpan().CopyTo(_chars.Slice(_length));
        _length += value.Length;
    }

    /// <summary>Appends a string hole value, escaped; <c>null</c> becomes <see cref="NullToken"/>.</summary>
    public void AppendHole(string? value)
    {
        MarkHole();
        if (value is null)
        {
            AppendLiteral(NullToken);
            return;
        }

        AppendEscaped(value.AsSpan());
    }

    /// <summary>Appends a Boolean hole value as <c>true</c> or <c>false</c>.</summary>
    public void AppendHole(bool value)
    {
        MarkHole();
        AppendLiteral(value ? "true" : "false");
    }

    /// <summary>Appends a character hole value, escaped.</summary>
    public void AppendHole(char value)
    {
        MarkHole();
        Span<char> one = stackalloc char[1];
        one[0] = value;
        AppendEscaped(one);
    }

    /// <summary>Appends a formattable hole value with the invariant culture and <paramref name="format"/>, escaped.</summary>
    public void AppendFormattable<T>(T value, string? format) where T : ISpanFormattable
    {
        MarkHole();
        if (value is null)
        {
            AppendLiteral(NullToken);
            return;
        }

        int written;
        while (!value.TryFormat(_chars.Slice(_length), out written, format, CultureInfo.InvariantCulture))
        {
            // At least some room: doubling an empty buffer (or a default builder) would loop forever.
            Grow(Math.Max(_chars.Length, 16));
        }

        var formatted = _chars.Slice(_length, written);
        if (formatted.IndexOfAnyExcept(SafeAscii) < 0)
        {
            _length += written;
            return;
        }

        // Rare: the formatted text holds a character to escape. Copy it out and append it escaped.
        var copy = ArrayPool<char>.Shared.Rent(written);
        formatted.CopyTo(copy);
        AppendEscaped(copy.AsSpan(0, written));
        ArrayPool<char>.Shared.Return(copy);
    }

    /// <summary>Appends a nullable formattable hole value; <c>null</c> becomes <see cref="NullToken"/>.</summary>
    public void AppendNullableFormattable<T>(T? value, string? format) where T : struct, ISpanFormattable
    {
        if (value.HasValue)
        {
            AppendFormattable(value.GetValueOrDefault(), format);
        }
        else
        {
            AppendNull();
        }
    }

    /// <summary>Appends <see cref="NullToken"/> for a hole whose value (or a value on its path) is <c>null</c>.</summary>
    public void AppendNull()
    {
        MarkHole();
        AppendLiteral(NullToken);
    }

    /// <summary>Returns the key (hashed when longer than <see cref="MaxKeyBytes"/>) and returns the buffer to the pool.</summary>
    public string ToKey()
    {
        var text = _chars.Slice(0, _length);
        // A hash tag longer than the hashed form keeps is hashed too, even in a short key: every key of one tag must
        // land in one slot, and a long tag that stayed in short keys but became a stand-in in long ones would split
        // them over two slots.
        var key = (_length * 3 <= MaxKeyBytes || Encoding.UTF8.GetByteCount(text) <= MaxKeyBytes) && HashTag(text).Length <= MaxKeptHashTagChars
            ? text.ToString()
            : Hashed(text, _firstHole);
        Dispose();
        return key;
    }

    /// <summary>Returns a pooled buffer, if one was rented. <see cref="ToKey"/> does this already.</summary>
    public void Dispose()
    {
        var rented = _rented;
        this = default;
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static string Hashed(ReadOnlySpan<char> key, int firstHole)
    {
        var keep = firstHole < 0 ? 0 : Math.Min(firstHole, MaxKeptPrefixChars);
        if (keep > 0 && char.IsHighSurrogate(key[keep - 1]))
        {
            keep--;
        }

        var hash = HashOf(key);

        // Redis hashes the first '{' of a key up to the next '}'. A tag that opens in the kept text and closes after
        // it (a hole inside the braces: "{tenant:<id>}") would leave a '{' that swallows the hash and the appended
        // tag, moving the key to another slot; a kept tag too long to append would win over its stand-in. Either
        // way, cut the kept text before that '{'.
        var tag = HashTag(key);
        var open = key.IndexOf('{');
        if (open >= 0 && open < keep && (key.Slice(open + 1, keep - open - 1).IndexOf('}') < 0 || tag.Length > MaxKeptHashTagChars))
        {
            keep = open;
        }

        var result = new StringBuilder(keep + 34 + Math.Min(tag.Length, 34) + 2);
        result.Append(key.Slice(0, keep)).Append("#h").Append(hash.ToString("x32", CultureInfo.InvariantCulture));
        if (tag.Length > MaxKeptHashTagChars)
        {
            // Too long to keep: a stand-in made of the tag alone, so every key of this tag still shares one slot.
            result.Append("{#h").Append(HashOf(tag).ToString("x32", CultureInfo.InvariantCulture)).Append('}');
        }
        else if (!tag.IsEmpty)
        {
            result.Append('{').Append(tag).Append('}');
        }

        return result.ToString();
    }

    private static UInt128 HashOf(ReadOnlySpan<char> text)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var count = Encoding.UTF8.GetBytes(text, bytes);
        var hash = XxHash128.HashToUInt128(bytes.AsSpan(0, count));
        ArrayPool<byte>.Shared.Return(bytes);
        return hash;
    }

    // The part of the key Redis Cluster hashes to choose a slot: between the first '{' and the next '}', if not empty.
    private static ReadOnlySpan<char> HashTag(ReadOnlySpan<char> key)
    {
        var open = key.IndexOf('{');
        if (open < 0)
        {
            return default;
        }

        var close = key.Slice(open + 1).IndexOf('}');
        return close <= 0 ? default : key.Slice(open + 1, close);
    }

    private void AppendEscaped(scoped ReadOnlySpan<char> value)
    {
        // Worst case: every char becomes %uXXXX.
        EnsureCapacity(value.Length * 6);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                _chars[_length++] = c;
                _chars[_length++] = value[++i];
            }
            else if (char.IsSurrogate(c))
            {
                _chars[_length++] = '%';
                _chars[_length++] = 'u';
                WriteHex((byte)(c >> 8));
                WriteHex((byte)c);
            }
            else if (c < 128 && !SafeAscii.Contains(c))
            {
                _chars[_length++] = '%';
                WriteHex((byte)c);
            }
            else
            {
                _chars[_length++] = c;
            }
        }
    }

    private void WriteHex(byte value)
    {
        const string Digits = "0123456789ABCDEF";
        _chars[_length++] = Digits[value >> 4];
        _chars[_length++] = Digits[value & 0xF];
    }

    private void MarkHole()
    {
        if (_firstHole < 0)
        {
            _firstHole = _length;
        }
    }

    private void EnsureCapacity(int additional)
    {
        if (_length + additional > _chars.Length)
        {
            Grow(_length + additional - _chars.Length);
        }
    }

    private void Grow(int atLeast)
    {
        var next = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _chars.Length + atLeast));
        _chars.Slice(0, _length).CopyTo(next);
        var old = _rented;
        _chars = _rented = next;
        if (old is not null)
        {
            ArrayPool<char>.Shared.Return(old);
        }
    }

    // Printable ASCII that may appear in a hole value as it is; everything else ASCII is escaped.
    private static readonly SearchValues<char> SafeAscii = SearchValues.Create(
        "!\"$&'()+,-./0123456789;<=>@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~");
}
