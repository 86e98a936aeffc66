using System.Collections.Generic;
using System.Text;

namespace Caching.Generators.Shared;

/// <summary>One piece of a parsed key template: literal text, or a hole naming a parameter path.</summary>
/// <param name="Literal">The literal text (with <c>&lt;&lt;</c> and <c>&gt;&gt;</c> unescaped), or null for a hole.</param>
/// <param name="Path">The hole's path, such as <c>user.Id</c>, split at dots.</param>
/// <param name="Format">The hole's format string, or null.</param>
/// <param name="Start">Where the piece starts in the template text.</param>
/// <param name="Length">How long the piece is in the template text.</param>
internal sealed record KeyTemplatePart(string? Literal, string[]? Path, string? Format, int Start, int Length)
{
    public bool IsHole => Literal is null;

    public string PathText => Path is null ? "" : string.Join(".", Path);
}

/// <summary>
/// The key-template grammar, shared by the generator and the analyzers: literal text and
/// <c>&lt;parameter&gt;</c>, <c>&lt;parameter.Member&gt;</c> or <c>&lt;parameter:format&gt;</c> holes. Braces are
/// literal (Redis hash tags). A literal angle bracket is written twice.
/// </summary>
internal static class KeyTemplate
{
    /// <summary>Parses <paramref name="template"/>; returns null and an error message when it is malformed.</summary>
    public static List<KeyTemplatePart>? Parse(string template, out string? error)
    {
        var parts = new List<KeyTemplatePart>();
        var literal = new StringBuilder();
        var literalStart = 0;
        error = null;
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if ((c == '<' || c == '>') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i += 2;
                continue;
            }

            if (c == '>')
            {
                error = $"'>' at position {i} closes no hole; write '>>' for a literal '>'";
                return null;
            }

            if (c != '<')
            {
                literal.Append(c);
                i++;
                continue;
            }

            var close = template.IndexOf('>', i + 1);
            if (close < 0)
            {
                error = $"the hole opened at position {i} is not closed with '>'";
                return null;
            }

            var content = template.Substring(i + 1, close - i - 1);
            var hole = ParseHole(content, i, close - i + 1, out error);
            if (hole is null)
            {
                return null;
            }

            if (literal.Length > 0)
            {
                parts.Add(new KeyTemplatePart(literal.ToString(), null, null, literalStart, i - literalStart));
                literal.Clear();
            }

            parts.Add(hole);
            i = close + 1;
            literalStart = i;
        }

        if (literal.Length > 0)
        {
            parts.Add(new KeyTemplatePart(literal.ToString(), null, null, literalStart, template.Length - literalStart));
        }

        return parts;
    }

    private static KeyTemplatePart? ParseHole(string content, int start, int length, out string? error)
    {
        error = null;
        var colon = content.IndexOf(':');
        var pathText = colon < 0 ? content : content.Substring(0, colon);
        var format = colon < 0 ? null : content.Substring(colon + 1);
        if (format is { Length: 0 })
        {
            error = $"the hole '<{content}>' has an empty format after ':'";
            return null;
        }

        if (content.IndexOf('<') >= 0)
        {
            error = $"the hole at position {start} contains '<'; holes cannot nest";
            return null;
        }

        var path = pathText.Split('.');
        foreach (var segment in path)
        {
            if (!IsIdentifier(segment))
            {
                error = pathText.Length == 0
                    ? $"the hole at position {start} is empty; name a parameter, as in '<id>'"
                    : $"'{pathText}' in the hole at position {start} is not a parameter name or a dotted member path";
                return null;
            }
        }

        return new KeyTemplatePart(null, path, format, start, length);
    }

    public static bool IsIdentifier(string text)
    {
        if (text.Length == 0 || !(char.IsLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Finds <c>{name}</c> in literal text where <c>name</c> is one of <paramref name="names"/>.</summary>
    public static string? FindBraceHole(string literal, ICollection<string> names)
    {
        var open = literal.IndexOf('{');
        while (open >= 0)
        {
            var close = literal.IndexOf('}', open + 1);
            if (close < 0)
            {
                return null;
            }

            var inner = literal.Substring(open + 1, close - open - 1);
            var first = inner.Split('.', ':')[0];
            if (names.Contains(first))
            {
                return inner;
            }

            open = literal.IndexOf('{', close + 1);
        }

        return null;
    }
}
