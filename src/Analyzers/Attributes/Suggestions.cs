using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Caching.Generators.Shared;

namespace Caching.Analyzers.Attributes;

/// <summary>"Did you mean …?" for template shapes: the nearest by edit distance, when it is near enough to be a typo.</summary>
internal static class Suggestions
{
    /// <summary>The candidate nearest to <paramref name="shape"/>, or null when none is close (see <see cref="IsClose"/>).</summary>
    public static string? Nearest(string shape, IEnumerable<string> candidates)
        => candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Candidate: c, Distance: Distance(shape, c)))
            .Where(c => IsClose(shape, c.Candidate, c.Distance))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Select(c => c.Candidate)
            .FirstOrDefault();

    /// <summary>
    /// A typo changes a few characters: at most two, or a quarter of the shorter text for long ones, and never the
    /// whole of it (<c>"a"</c> is not a typo of <c>"b"</c>).
    /// </summary>
    public static bool IsClose(string a, string b, int distance)
    {
        var shorter = Math.Min(a.Length, b.Length);
        return distance > 0 && distance < shorter && distance <= Math.Max(2, shorter / 4);
    }

    /// <summary>The Levenshtein distance: insertions, deletions and substitutions of one character.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>
    /// Writes <paramref name="shape"/> back as a template with the holes of <paramref name="template"/>, in order, so a
    /// suggested tag keeps the names the method's parameters have: shape <c>user:&lt;&gt;</c> with template
    /// <c>usr:&lt;userId&gt;</c> gives <c>user:&lt;userId&gt;</c>.
    /// </summary>
    /// <returns>Null when the two do not have the same number of holes, or the template is malformed.</returns>
    public static string? WithHolesOf(string shape, string template)
    {
        var parts = KeyTemplate.Parse(template, out _);
        if (parts is null)
        {
            return null;
        }

        var holes = parts.Where(p => p.IsHole).Select(p => template.Substring(p.Start, p.Length)).ToList();
        var text = new StringBuilder();
        var next = 0;

        // A shape escapes literal angle brackets by doubling them, as templates do, and writes each hole as "<>".
        for (var i = 0; i < shape.Length; i++)
        {
            var c = shape[i];
            if (c == '<' && i + 1 < shape.Length && shape[i + 1] == '>')
            {
                if (next == holes.Count)
                {
                    return null;
                }

                text.Append(holes[next++]);
                i++;
            }
            else if ((c == '<' || c == '>') && i + 1 < shape.Length && shape[i + 1] == c)
            {
                text.Append(c).Append(c);
                i++;
            }
            else
            {
                text.Append(c);
            }
        }

        return next == holes.Count ? text.ToString() : null;
    }
}
