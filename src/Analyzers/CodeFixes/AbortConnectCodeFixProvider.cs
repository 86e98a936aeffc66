using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Caching.Analyzers.Redis;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Caching.Analyzers.CodeFixes;

/// <summary>
/// REDIS006: appends <c>,abortConnect=false</c> to a connection string literal, or turns
/// <c>AbortOnConnectFail = true</c> into <c>false</c>. A constant that is not a literal at the call is left alone.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AbortConnectCodeFixProvider)), Shared]
public sealed class AbortConnectCodeFixProvider : CodeFixProvider
{
    private const string Title = "Set abortConnect to false";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.RedisAbortConnect);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(RedisUsageAnalyzer.KindProperty, out var kind)
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal)
            {
                continue;
            }

            var applies = kind == RedisUsageAnalyzer.ConnectionStringKind
                ? literal.IsKind(SyntaxKind.StringLiteralExpression)
                : kind == RedisUsageAnalyzer.AbortOnConnectFailKind && literal.IsKind(SyntaxKind.TrueLiteralExpression);
            if (!applies)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, literal, ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, LiteralExpressionSyntax literal, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        ExpressionSyntax replacement;
        if (literal.IsKind(SyntaxKind.TrueLiteralExpression))
        {
            replacement = SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression).WithTriviaFrom(literal);
        }
        else
        {
            var value = literal.Token.ValueText;
            var separator = value.Trim().Length == 0 || value.TrimEnd().EndsWith(",", System.StringComparison.Ordinal) ? "" : ",";
            var token = SyntaxFactory.Literal(value + separator + "abortConnect=false").WithTriviaFrom(literal.Token);
            replacement = literal.WithToken(token);
        }

        editor.ReplaceNode(literal, replacement);
        return editor.GetChangedDocument();
    }
}
