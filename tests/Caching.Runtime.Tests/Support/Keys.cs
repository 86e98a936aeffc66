using System;

namespace Caching.Runtime.Tests.Support;

/// <summary>Builds keys the way generated code does, for templates the tests need.</summary>
internal static class Keys
{
    /// <summary><c>literal</c> followed by one string hole.</summary>
    public static string Of(string literal, string? hole)
    {
        var builder = new CacheKeyBuilder(stackalloc char[64]);
        builder.AppendLiteral(literal);
        builder.AppendHole(hole);
        return builder.ToKey();
    }

    /// <summary>The template <c>x:{a}:{b}</c>.</summary>
    public static string XAB(string? a, string? b)
    {
        var builder = new CacheKeyBuilder(stackalloc char[64]);
        builder.AppendLiteral("x:");
        builder.AppendHole(a);
        builder.AppendLiteral(":");
        builder.AppendHole(b);
        return builder.ToKey();
    }

    /// <summary><c>before</c>, one string hole, then <c>after</c>.</summary>
    public static string Around(string before, string? hole, string after)
    {
        var builder = new CacheKeyBuilder(stackalloc char[256]);
        builder.AppendLiteral(before);
        builder.AppendHole(hole);
        builder.AppendLiteral(after);
        return builder.ToKey();
    }

    /// <summary><c>literal</c> followed by one formatted hole.</summary>
    public static string Formatted<T>(string literal, T value, string? format) where T : ISpanFormattable
    {
        var builder = new CacheKeyBuilder(stackalloc char[64]);
        builder.AppendLiteral(literal);
        builder.AppendFormattable(value, format);
        return builder.ToKey();
    }
}
