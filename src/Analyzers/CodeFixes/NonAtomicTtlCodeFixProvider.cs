using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
/// REDIS004: moves the expiry of <c>KeyExpire[Async](key, ttl)</c> into the <c>StringSet[Async](key, value)</c> just
/// before it, as <c>StringSet(key, value, ttl)</c> (<c>expiry: ttl</c> when the set names its arguments), and deletes
/// the expire statement. Offered only for that shape of REDIS004, not for HashSet then KeyExpire nor KeyExpire then
/// StringSet.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonAtomicTtlCodeFixProvider)), Shared]
public sealed class NonAtomicTtlCodeFixProvider : CodeFixProvider
{
    private const string Title = "Pass the expiry to StringSet";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.RedisNonAtomicTtl);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            // Only StringSet then KeyExpire folds into one command; the hash and discarded-TTL shapes have no mechanical fix.
            if (!diagnostic.Properties.TryGetValue(RedisUsageAnalyzer.ShapeProperty, out var shape)
                || shape != RedisUsageAnalyzer.FoldShape
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax expire
                || expire.ArgumentList.Arguments.Count != 2)
            {
                continue;
            }

            var awaited = expire.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "KeyExpireAsync" };
            if (RedisUsageAnalyzer.StatementOf(expire, awaited) is not { Parent: BlockSyntax block } expireStatement)
            {
                continue;
            }

            var index = block.Statements.IndexOf(expireStatement);
            if (index < 1
                || block.Statements[index - 1] is not ExpressionStatementSyntax setStatement
                || RedisUsageAnalyzer.CallOf(setStatement, awaited) is not { } set)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, set, expire, expireStatement, ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, InvocationExpressionSyntax set, InvocationExpressionSyntax expire, ExpressionStatementSyntax expireStatement, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var arguments = expire.ArgumentList.Arguments;
        var ttl = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "expiry") ?? arguments[1];

        var named = set.ArgumentList.Arguments.Any(a => a.NameColon is not null);
        var argument = SyntaxFactory.Argument(ttl.Expression.WithoutTrivia());
        if (named)
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon("expiry"));
        }

        editor.ReplaceNode(set.ArgumentList, set.ArgumentList.AddArguments(argument));
        editor.RemoveNode(expireStatement, SyntaxRemoveOptions.KeepNoTrivia);
        return editor.GetChangedDocument();
    }
}
