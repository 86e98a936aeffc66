using System;
using System.Linq;
using System.Text;
using CsCheck;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// CsCheck generators of hole values an attacker (or an unlucky user) could pass: key separators, Redis hash-tag
/// braces, SCAN glob characters, the escape character and look-alikes of its own escapes, control characters,
/// tricky unicode (surrogate pairs, lone surrogates, combining marks, right-to-left marks), empty strings, values
/// around the 512-byte hashing limit and, now and then, 100 KB values.
/// </summary>
/// <remarks>
/// Each run draws new samples (CsCheck picks a random seed). A failing property shrinks its counterexample and
/// prints the seed; <c>dotnet test … -e CsCheck_Seed=&lt;seed&gt;</c> replays it.
/// </remarks>
internal static class HostileValues
{
    /// <summary>Short fragments that each attack one rule of the key format.</summary>
    public static readonly string[] Fragments =
    [
        // Separators the templates use, and the type/app prefix separators.
        ":", "::", "user:", "tenant:", "doc:",
        // Redis Cluster hash tags: a value must never open one.
        "{", "}", "{x}", "}{", "{}", "{user}",
        // SCAN glob characters (and ^, which negates inside brackets).
        "*", "?", "[", "]", "^", "\\", "[^a]", "[a-z]", "\\*",
        // The schema and hashed-key markers, the escape character and spellings of its escapes and null token.
        "#", "#h", "#tag", "%", "%3A", "%7B", "%25", "%N", "%u", "%uD800", "N", "3A",
        // Control characters.
        "\0", "\r", "\n", "\r\n", "\t", "\u001B", "\u001B[31m", "\u007F", "\u0085", " ",
        // Unicode: a surrogate pair, lone surrogates, a combining mark, right-to-left marks, other scripts.
        "\uD83D\uDE00", "\uD800", "\uDC00", "\uDBFF", "e\u0301", "\u0301", "\u202E", "\u200F", "\u05D0\u05D1",
        "\u2028", "\uFEFF", "\uFFFD", "\u65E5", "\u00E9",
        // Plain text, so hostile parts sit inside ordinary values too.
        "a", "b", "x", "42", "",
    ];

    /// <summary>One fragment, or one arbitrary UTF-16 code unit (which may be a lone surrogate).</summary>
    private static readonly Gen<string> Fragment = Gen.Frequency(
        (8, Gen.OneOf(Fragments)),
        (1, Gen.Char.Select(c => c.ToString())),
        (1, Gen.String[0, 4]));

    /// <summary>A short hostile string: a few fragments glued together.</summary>
    public static readonly Gen<string> Short = Fragment.Array[0, 5].Select(parts => string.Concat(parts));

    /// <summary>A value around the 512-byte limit where keys start to be hashed (the limit counts UTF-8 bytes).</summary>
    public static readonly Gen<string> NearLimit = Gen.Select(Fragment, Gen.Int[100, 520], Short,
        (unit, length, tail) => Repeat(unit.Length == 0 ? "a" : unit, length) + tail);

    /// <summary>A 100 KB value made of one fragment, with a short hostile tail so two of them still differ.</summary>
    public static readonly Gen<string> Huge = Gen.Select(Fragment, Short,
        (unit, tail) => Repeat(unit.Length == 0 ? "z" : unit, 100_000) + tail);

    /// <summary>A non-null hostile string: mostly short, sometimes empty, near the limit, or 100 KB.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (30, Short),
        (3, Gen.Const("")),
        (3, NearLimit),
        (1, Huge));

    /// <summary>A hostile string for a nullable parameter: <see cref="Text"/>, or <c>null</c> one time in eight.</summary>
    public static readonly Gen<string?> NullableText = Text.Null(0.125);

    /// <summary>A char hole: a separator, brace, glob or control character, or any UTF-16 code unit (lone surrogates too).</summary>
    public static readonly Gen<char> Char = Gen.Frequency(
        (3, Gen.OneOf(':', '{', '}', '*', '?', '[', ']', '\\', '%', '#', '\0', '\n', '\uD800', '\uDC00', 'N')),
        (1, Gen.Char));

    /// <summary>Text with no fragment that could be mistaken for another: for tenants and names that must stay few.</summary>
    public static readonly Gen<string?> SmallAlphabet = Gen.OneOf(
        "a", "a:b", "a%3Ab", "b", "b:c", "", "{a}", "a*", "*", "a?", "[a]", "\uD800", "%N", "a\u0301")
        .Null(0.1);

    /// <summary>Shows a value with every character outside printable ASCII as \uXXXX, and its length when long.</summary>
    public static string Show(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var shown = new StringBuilder("\"");
        var cut = value.Length > 200 ? 60 : value.Length;
        foreach (var c in value.AsSpan(0, cut))
        {
            shown.Append(c is < ' ' or > '~' or '"' or '\\' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        if (cut < value.Length)
        {
            shown.Append("…(").Append(value.Length).Append(" chars)");
        }

        return shown.Append('"').ToString();
    }

    private static string Repeat(string unit, int chars)
        => string.Concat(Enumerable.Repeat(unit, Math.Max(1, chars / unit.Length)));
}
