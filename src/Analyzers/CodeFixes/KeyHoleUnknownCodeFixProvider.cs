using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Caching.Analyzers.CodeFixes;

/// <summary>
/// CACHE003: renames a hole that names no parameter (<c>&lt;userId&gt;</c>) to the parameter it is closest to
/// (<c>&lt;id&gt;</c> is not; <c>&lt;usrId&gt;</c> for <c>userId</c> is), keeping its member path and format. Offered
/// only for a string literal and when one candidate is nearest, at most two edits away (a match ignoring case wins).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeyHoleUnknownCodeFixProvider)), Shared]
public sealed class KeyHoleUnknownCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = nameof(KeyHoleUnknownCodeFixProvider);

    /// <summary>The furthest a candidate may be from the hole's name, in single-character edits.</summary>
    private const int MaxDistance = 2;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.KeyHoleUnknown);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixDataKeys.UnknownHole, out var name) || name is null
                || !diagnostic.Properties.TryGetValue(FixDataKeys.HoleCandidates, out var names) || names is null
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            var candidates = names.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
            if (Nearest(name, candidates) is not { } replacement || Holes(literal.Token.ValueText, name) is not { Count: > 0 })
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Use '{replacement}' in the hole", ct => RenameAsync(context.Document, literal, name, replacement, ct), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// The candidate nearest to <paramref name="name"/>, or null when none is within <see cref="MaxDistance"/> edits
    /// or two are equally near. Case is ignored, so <c>userID</c> finds <c>userId</c> at distance 0.
    /// </summary>
    /// <param name="name">The name the hole uses.</param>
    /// <param name="candidates">The names it may use.</param>
    /// <returns>The name to use, or null.</returns>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        var scored = candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= MaxDistance)
            .OrderBy(c => c.Distance)
            .ToList();
        return scored.Count == 0 || (scored.Count > 1 && scored[1].Distance == scored[0].Distance) ? null : scored[0].Name;
    }

    // Levenshtein distance: insertions, deletions and substitutions of one character.
    private static int Distance(string a, string b)
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
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    // The holes of the template whose first name is `name`, as written; null when the template cannot be edited
    // safely: it does not parse, or it has a doubled '<' or '>' in which the hole's text could also appear.
    private static List<string>? Holes(string template, string name)
    {
        if (template.IndexOf("<<", StringComparison.Ordinal) >= 0 || template.IndexOf(">>", StringComparison.Ordinal) >= 0
            || KeyTemplate.Parse(template, out _) is not { } parts)
        {
            return null;
        }

        return parts.Where(p => p.IsHole && p.Path![0] == name).Select(p => template.Substring(p.Start, p.Length)).ToList();
    }

    private static async Task<Document> RenameAsync(Document document, LiteralExpressionSyntax literal, string name, string replacement, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var token = literal.Token;
        foreach (var hole in Holes(token.ValueText, name) ?? new List<string>())
        {
            // "<userId.Name:D>" becomes "<id.Name:D>": only the first name changes.
            token = StringLiteralEdits.ReplaceFirst(token, hole, "<" + replacement + hole.Substring(1 + name.Length));
        }

        editor.ReplaceNode(literal, literal.WithToken(token));
        return editor.GetChangedDocument();
    }
}
