using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Caching.Analyzers.CodeFixes;

/// <summary>Edits the text of a string literal (a key or tag template) as the template fixes need.</summary>
internal static class StringLiteralEdits
{
    /// <summary>
    /// The literal <paramref name="token"/> with the first <paramref name="find"/> of its value replaced by
    /// <paramref name="replace"/>. When <paramref name="find"/> is written as such in the source, the source text is
    /// edited, so the literal keeps its form (verbatim, raw, escapes) apart from the replaced part; otherwise the
    /// literal is written anew from its value. Returns the token unchanged when its value has no
    /// <paramref name="find"/>.
    /// </summary>
    public static SyntaxToken ReplaceFirst(SyntaxToken token, string find, string replace)
    {
        if (token.ValueText.IndexOf(find, StringComparison.Ordinal) < 0)
        {
            return token;
        }

        var value = ReplaceFirst(token.ValueText, find, replace);
        return token.Text.IndexOf(find, StringComparison.Ordinal) >= 0
            ? SyntaxFactory.Token(token.LeadingTrivia, token.Kind(), ReplaceFirst(token.Text, find, replace), value, token.TrailingTrivia)
            : SyntaxFactory.Literal(value).WithTriviaFrom(token);
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var index = text.IndexOf(find, StringComparison.Ordinal);
        return text.Substring(0, index) + replace + text.Substring(index + find.Length);
    }
}
