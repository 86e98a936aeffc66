using System;
using System.Globalization;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// The text of one hash field, for generated <see cref="ICacheHashMapper{T}"/>s: invariant culture, round-trip
/// formats (<c>O</c> for dates, <c>R</c> for binary floating point, <c>c</c> for <c>TimeSpan</c>, <c>D</c> for
/// <c>Guid</c>), <c>true</c>/<c>false</c>, integers and enums' underlying numbers as they print, strings as UTF-8 and
/// <c>byte[]</c> as itself. <see cref="RedisValue.Null"/> stands for <c>null</c>, which the entry's header records
/// (an empty string is an empty field, not a null).
/// </summary>
public static class HashFields
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A string as it is.</summary>
    public static RedisValue Write(string? value) => value is null ? RedisValue.Null : (RedisValue)value;

    /// <summary>Bytes as they are.</summary>
    public static RedisValue Write(byte[]? value) => value is null ? RedisValue.Null : (RedisValue)value;

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static RedisValue Write(bool value) => value ? "true" : "false";

    /// <summary><c>true</c>, <c>false</c> or null.</summary>
    public static RedisValue Write(bool? value) => value is { } v ? Write(v) : RedisValue.Null;

    /// <summary>Round-trip (<c>R</c>).</summary>
    public static RedisValue Write(double value) => value.ToString("R", Invariant);

    /// <summary>Round-trip (<c>R</c>) or null.</summary>
    public static RedisValue Write(double? value) => value is { } v ? Write(v) : RedisValue.Null;

    /// <summary>Round-trip (<c>R</c>).</summary>
    public static RedisValue Write(float value) => value.ToString("R", Invariant);

    /// <summary>Round-trip (<c>R</c>) or null.</summary>
    public static RedisValue Write(float? value) => value is { } v ? Write(v) : RedisValue.Null;

    /// <summary>ISO 8601 with the kind (<c>O</c>).</summary>
    public static RedisValue Write(DateTime value) => value.ToString("O", Invariant);

    /// <summary>ISO 8601 with the kind (<c>O</c>) or null.</summary>
    public static RedisValue Write(DateTime? value) => value is { } v ? Write(v) : RedisValue.Null;

    /// <summary>ISO 8601 with the offset (<c>O</c>).</summary>
    public static RedisValue Write(DateTimeOffset value) => value.ToString("O", Invariant);

    /// <summary>ISO 8601 with the offset (<c>O</c>) or null.</summary>
    public static RedisValue Write(DateTimeOffset? value) => value is { } v ? Write(v) : RedisValue.Null;

    /// <summary>The constant format (<c>c</c>).</summary>
    public static RedisValue Write(TimeSpan value) => value.ToString("c", Invariant);

    /// <summary>The constant format (<c>c</c>) or null.</summary>
    public static RedisValue Write(TimeSpan? value) => value is { } v ? Write(v) : RedisValue.Null;

    /// <summary>Hyphenated digits (<c>D</c>).</summary>
    public static RedisValue Write(Guid value) => value.ToString("D", Invariant);

    /// <summary>Hyphenated digits (<c>D</c>) or null.</summary>
    public static RedisValue Write(Guid? value) => value is { } v ? Write(v) : RedisValue.Null;

    /// <summary>ISO 8601 (<c>O</c>).</summary>
    public static RedisValue Write(DateOnly value) => value.ToString("O", Invariant);

    /// <summary>ISO 8601 (<c>O</c>) or null.</summary>
    public static RedisValue Write(DateOnly? value) => value is { } v ? Write(v) : RedisValue.Null;

    /// <summary>ISO 8601 (<c>O</c>).</summary>
    public static RedisValue Write(TimeOnly value) => value.ToString("O", Invariant);

    /// <summary>ISO 8601 (<c>O</c>) or null.</summary>
    public static RedisValue Write(TimeOnly? value) => value is { } v ? Write(v) : RedisValue.Null;

    /// <summary>The character.</summary>
    public static RedisValue Write(char value) => value.ToString();

    /// <summary>The character or null.</summary>
    public static RedisValue Write(char? value) => value is { } v ? v.ToString() : RedisValue.Null;

    /// <summary>Integers, <c>decimal</c> and <c>char</c>, as they print in the invariant culture.</summary>
    public static RedisValue Write<T>(T value) where T : struct, IFormattable => value.ToString(null, Invariant);

    /// <summary>Integers, <c>decimal</c> and <c>char</c>, as they print in the invariant culture, or null.</summary>
    public static RedisValue Write<T>(T? value) where T : struct, IFormattable => value is { } v ? v.ToString(null, Invariant) : RedisValue.Null;

    /// <summary>A string; null stays null.</summary>
    public static bool TryRead(RedisValue field, out string? value)
    {
        value = field.IsNull ? null : (string?)field;
        return true;
    }

    /// <summary>Bytes; null stays null.</summary>
    public static bool TryRead(RedisValue field, out byte[]? value)
    {
        value = field.IsNull ? null : (byte[]?)field;
        return true;
    }

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static bool TryRead(RedisValue field, out bool value)
    {
        var text = (string?)field;
        value = text == "true";
        return text is "true" or "false";
    }

    /// <summary><c>true</c>, <c>false</c> or null.</summary>
    public static bool TryRead(RedisValue field, out bool? value) => Nullable(field, out value, static (RedisValue f, out bool v) => TryRead(f, out v));

    /// <summary>ISO 8601 with the kind.</summary>
    public static bool TryRead(RedisValue field, out DateTime value)
        => DateTime.TryParseExact((string?)field, "O", Invariant, DateTimeStyles.RoundtripKind, out value);

    /// <summary>ISO 8601 with the kind, or null.</summary>
    public static bool TryRead(RedisValue field, out DateTime? value) => Nullable(field, out value, static (RedisValue f, out DateTime v) => TryRead(f, out v));

    /// <summary>ISO 8601 with the offset.</summary>
    public static bool TryRead(RedisValue field, out DateTimeOffset value)
        => DateTimeOffset.TryParseExact((string?)field, "O", Invariant, DateTimeStyles.None, out value);

    /// <summary>ISO 8601 with the offset, or null.</summary>
    public static bool TryRead(RedisValue field, out DateTimeOffset? value) => Nullable(field, out value, static (RedisValue f, out DateTimeOffset v) => TryRead(f, out v));

    /// <summary>The constant format.</summary>
    public static bool TryRead(RedisValue field, out TimeSpan value) => TimeSpan.TryParseExact((string?)field, "c", Invariant, out value);

    /// <summary>The constant format, or null.</summary>
    public static bool TryRead(RedisValue field, out TimeSpan? value) => Nullable(field, out value, static (RedisValue f, out TimeSpan v) => TryRead(f, out v));

    /// <summary>Hyphenated digits.</summary>
    public static bool TryRead(RedisValue field, out Guid value) => Guid.TryParseExact((string?)field, "D", out value);

    /// <summary>Hyphenated digits, or null.</summary>
    public static bool TryRead(RedisValue field, out Guid? value) => Nullable(field, out value, static (RedisValue f, out Guid v) => TryRead(f, out v));

    /// <summary>ISO 8601.</summary>
    public static bool TryRead(RedisValue field, out DateOnly value) => DateOnly.TryParseExact((string?)field, "O", Invariant, DateTimeStyles.None, out value);

    /// <summary>ISO 8601, or null.</summary>
    public static bool TryRead(RedisValue field, out DateOnly? value) => Nullable(field, out value, static (RedisValue f, out DateOnly v) => TryRead(f, out v));

    /// <summary>ISO 8601.</summary>
    public static bool TryRead(RedisValue field, out TimeOnly value) => TimeOnly.TryParseExact((string?)field, "O", Invariant, DateTimeStyles.None, out value);

    /// <summary>ISO 8601, or null.</summary>
    public static bool TryRead(RedisValue field, out TimeOnly? value) => Nullable(field, out value, static (RedisValue f, out TimeOnly v) => TryRead(f, out v));

    /// <summary>One character.</summary>
    public static bool TryRead(RedisValue field, out char value)
    {
        var text = (string?)field;
        value = text is { Length: 1 } ? text[0] : default;
        return text is { Length: 1 };
    }

    /// <summary>One character, or null.</summary>
    public static bool TryRead(RedisValue field, out char? value) => Nullable(field, out value, static (RedisValue f, out char v) => TryRead(f, out v));

    /// <summary>Numbers and <c>char</c>, parsed in the invariant culture.</summary>
    public static bool TryRead<T>(RedisValue field, out T value) where T : struct, ISpanParsable<T>
    {
        value = default;
        return !field.IsNull && T.TryParse(((string?)field).AsSpan(), Invariant, out value);
    }

    /// <summary>Numbers and <c>char</c>, parsed in the invariant culture, or null.</summary>
    public static bool TryRead<T>(RedisValue field, out T? value) where T : struct, ISpanParsable<T>
        => Nullable(field, out value, static (RedisValue f, out T v) => TryRead(f, out v));

    private delegate bool Reader<T>(RedisValue field, out T value);

    private static bool Nullable<T>(RedisValue field, out T? value, Reader<T> read) where T : struct
    {
        value = null;
        if (field.IsNull)
        {
            return true;
        }

        if (!read(field, out var v))
        {
            return false;
        }

        value = v;
        return true;
    }
}
