using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Caching.Analyzers.Redis;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Caching.Analyzers.CodeFixes;

/// <summary>
/// REDIS008: replaces <c>task.Result</c>, <c>task.GetAwaiter().GetResult()</c> and <c>task.Wait()</c> (no
/// arguments) with <c>await task</c>, only where the code already is in an async method, lambda or local function
/// and <c>await</c> is allowed there. Elsewhere the fix would have to make the caller async, so none is offered;
/// <c>Wait(timeout)</c> and <c>Wait(token)</c> return or throw differently and are left alone too.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCodeFixProvider)), Shared]
public sealed class BlockingCodeFixProvider : CodeFixProvider
{
    private const string Title = "Await the Redis task";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.RedisBlocking);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax blocking
                || TaskOf(blocking) is not { } task
                || model.GetOperation(blocking, context.CancellationToken) is not { } operation
                || AsyncRedisSymbols.ContextOf(operation, model.GetEnclosingSymbol(blocking.SpanStart, context.CancellationToken)) != AwaitContext.CanAwait)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, blocking, task, ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    /// <summary>The task of <c>task.Result</c>, <c>task.Wait()</c> or <c>task.GetAwaiter().GetResult()</c>; null for any other shape.</summary>
    private static ExpressionSyntax? TaskOf(ExpressionSyntax blocking)
    {
        switch (blocking)
        {
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result:
                return result.Expression;
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait }:
                return wait.Expression;
            case InvocationExpressionSyntax
            {
                ArgumentList.Arguments.Count: 0,
                Expression: MemberAccessExpressionSyntax
                {
                    Name.Identifier.ValueText: "GetResult",
                    Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } awaiter },
                },
            }:
                return awaiter.Expression;
            default:
                return null;
        }
    }

    private static async Task<Document> FixAsync(Document document, ExpressionSyntax blocking, ExpressionSyntax task, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(blocking, AwaitSyntax.Await(blocking, task));
        return editor.GetChangedDocument();
    }
}
