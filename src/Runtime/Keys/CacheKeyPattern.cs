using System;
using System.Text;

namespace Caching;

/// <summary>
/// Builds SCAN patterns for <see cref="ICacheStore.InvalidatePatternAsync"/>. A value from user input must go
/// through <see cref="Escape"/>, which escapes it the way key holes are escaped: keys then hold it verbatim, and
/// it can carry no glob character (<c>* ? [ ] \</c>) that would widen the pattern.
/// </summary>
public static class CacheKeyPattern
{
    /// <summary>
    /// <paramref name="value"/> as a key hole holds it (see <see cref="CacheKeyBuilder"/>), safe to put in a
    /// pattern: <c>$"user:{CacheKeyPattern.Escape(name)}:*"</c>.
    /// </summary>
    public static string Escape(string? value)
    {
        var builder = new CacheKeyBuilder(stackalloc char[256]);
        if (value is null)
        {
            builder.AppendNull();
        }
        else
        {
            builder.AppendHole(value);
        }

        return builder.ToKey();
    }

    /// <summary>Escapes every glob character of <paramref name="literal"/> with a backslash, for text that must match itself.</summary>
    public static string EscapeGlob(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var escaped = new StringBuilder(literal.Length + 8);
        foreach (var c in literal)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
