using System.Collections.Generic;

namespace Caching.Generators.Shared;

/// <summary>
/// Whether an invalidated tag template can name the same tag as an attached one, for the cache manifest.
/// </summary>
/// <remarks>
/// The two templates are lined up from left to right: literal text must be equal, and a hole lines up either with a
/// hole of the other template or with a non-empty run of its literal text (a value that the hole can take). So
/// <c>user:&lt;userId&gt;</c> matches <c>user:&lt;id&gt;</c> and <c>user:admin</c>, <c>users</c> matches only
/// <c>users</c>, and <c>user:&lt;id&gt;</c> does not match <c>user:&lt;id&gt;:orders</c> (a hole never stands for a
/// hole plus text). This is conservative in one direction: a match means the write invalidates some of the read's
/// entries, usually only the ones its arguments name, never that it invalidates them all. Shape-equal templates (the
/// rule CACHE029 and the generated deletions use) always match.
/// </remarks>
internal static class TagTemplateMatch
{
    /// <summary>Whether <paramref name="invalidated"/> and <paramref name="attached"/> line up; false when either is malformed.</summary>
    public static bool CanMatch(string invalidated, string attached)
    {
        var left = Tokens(invalidated);
        var right = Tokens(attached);
        if (left is null || right is null)
        {
            return false;
        }

        var memo = new bool?[left.Count + 1, right.Count + 1];
        return Match(left, right, 0, 0, memo);
    }

    // A template as characters, with each hole as one null token.
    private static List<char?>? Tokens(string template)
    {
        var parts = KeyTemplate.Parse(template, out _);
        if (parts is null)
        {
            return null;
        }

        var tokens = new List<char?>();
        foreach (var part in parts)
        {
            if (part.IsHole)
            {
                tokens.Add(null);
            }
            else
            {
                foreach (var c in part.Literal!)
                {
                    tokens.Add(c);
                }
            }
        }

        return tokens;
    }

    private static bool Match(List<char?> left, List<char?> right, int i, int j, bool?[,] memo)
    {
        if (memo[i, j] is { } known)
        {
            return known;
        }

        bool result;
        if (i == left.Count || j == right.Count)
        {
            result = i == left.Count && j == right.Count;
        }
        else if (left[i] is null && right[j] is null)
        {
            result = Match(left, right, i + 1, j + 1, memo);
        }
        else if (left[i] is null)
        {
            result = Run(right, j, k => Match(left, right, i + 1, k, memo));
        }
        else if (right[j] is null)
        {
            result = Run(left, i, k => Match(left, right, k, j + 1, memo));
        }
        else
        {
            result = left[i] == right[j] && Match(left, right, i + 1, j + 1, memo);
        }

        memo[i, j] = result;
        return result;
    }

    // Tries every non-empty run of literal characters starting at start, as the value of a hole on the other side.
    private static bool Run(List<char?> tokens, int start, System.Func<int, bool> rest)
    {
        for (var end = start + 1; end <= tokens.Count && tokens[end - 1] is not null; end++)
        {
            if (rest(end))
            {
                return true;
            }
        }

        return false;
    }
}
