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
/// REDIS007: turns <c>x.Name(args)</c> into <c>await x.NameAsync(args)</c>, the twin the analyzer found (same
/// parameters, returning <c>Task&lt;T&gt;</c> of the same <c>T</c>). Offered only where <c>await</c> is allowed and
/// the call is a plain member access (not <c>x?.Name(args)</c>, whose async form would await a null task).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SyncRedisCallInAsyncCodeFixProvider)), Shared]
public sealed class SyncRedisCallInAsyncCodeFixProvider : CodeFixProvider
{
    private const string Title = "Await the async Redis method";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.RedisSyncCallInAsync);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(SyncRedisCallInAsyncAnalyzer.CanAwaitProperty)
                || !diagnostic.Properties.TryGetValue(SyncRedisCallInAsyncAnalyzer.AsyncNameProperty, out var asyncName)
                || asyncName is null
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || invocation.Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax } access
                || !access.IsKind(SyntaxKind.SimpleMemberAccessExpression))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, invocation, access, asyncName, ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, InvocationExpressionSyntax invocation, MemberAccessExpressionSyntax access, string asyncName, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var renamed = invocation.WithExpression(access.WithName(SyntaxFactory.IdentifierName(asyncName).WithTriviaFrom(access.Name)));
        editor.ReplaceNode(invocation, AwaitSyntax.Await(invocation, renamed));
        return editor.GetChangedDocument();
    }
}
