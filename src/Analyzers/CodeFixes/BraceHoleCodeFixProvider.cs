using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Caching.Analyzers.Attributes;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Caching.Analyzers.CodeFixes;

/// <summary>CACHE026: turns <c>{id}</c> in a key literal into the hole <c>&lt;id&gt;</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BraceHoleCodeFixProvider)), Shared]
public sealed class BraceHoleCodeFixProvider : CodeFixProvider
{
    private const string Title = "Use a <hole> instead of braces";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.BraceHoleLooksLikeParameter);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MethodProblems.BraceHoleProperty, out var hole) || hole is null
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression)
                || literal.Token.ValueText.IndexOf("{" + hole + "}", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => ReplaceAsync(context.Document, literal, hole, ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, LiteralExpressionSyntax literal, string hole, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var replacement = StringLiteralEdits.ReplaceFirst(literal.Token, "{" + hole + "}", "<" + hole + ">");
        editor.ReplaceNode(literal, literal.WithToken(replacement));
        return editor.GetChangedDocument();
    }
}
