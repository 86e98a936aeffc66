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
using Microsoft.CodeAnalysis.Text;

namespace Caching.Analyzers.CodeFixes;

/// <summary>
/// REDIS012: rewrites the one purely mechanical shape,
/// <c>foreach (var x in xs) { await db.KeyDeleteAsync(K(x)); }</c> (the body is that single awaited call as a
/// statement, its result unused), into <c>await Task.WhenAll(xs.Select(x =&gt; db.KeyDeleteAsync(K(x))));</c>,
/// adding <c>using System.Linq;</c> (and <c>using System.Threading.Tasks;</c>) when missing. Not offered when the
/// loop does anything else, the result is used, the call has <c>ConfigureAwait</c>, the arguments assign or await
/// anything, the collection is not an <c>IEnumerable&lt;T&gt;</c> of the loop variable's type, or the body has comments.
/// Fix All rewrites every such loop of a document in one pass and adds each using once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SequentialAwaitInLoopCodeFixProvider)), Shared]
public sealed class SequentialAwaitInLoopCodeFixProvider : CodeFixProvider
{
    private const string Title = "Pipeline the commands with Task.WhenAll";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.RedisSequentialAwaitInLoop);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(static async (context, document, diagnostics) =>
            await FixAsync(document, diagnostics.Select(d => d.Location.SourceSpan), context.CancellationToken).ConfigureAwait(false));

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
            if (Rewrite(root, model, diagnostic.Location.SourceSpan, context.CancellationToken) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, new[] { diagnostic.Location.SourceSpan }, ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, IEnumerable<TextSpan> spans, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var rewrites = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var span in spans)
        {
            if (Rewrite(root, model, span, cancellationToken) is { } rewrite)
            {
                rewrites[rewrite.Loop] = rewrite.Replacement;
            }
        }

        if (rewrites.Count == 0)
        {
            return document;
        }

        var position = rewrites.Keys.First().SpanStart;
        var needsLinq = !InScope(model, position, "Enumerable", "System.Linq.Enumerable");
        var needsTasks = !InScope(model, position, "Task", "System.Threading.Tasks.Task");
        var newRoot = root.ReplaceNodes(rewrites.Keys, (original, _) => rewrites[original]);
        if (newRoot is CompilationUnitSyntax unit)
        {
            if (needsLinq)
            {
                unit = AddUsing(unit, "System.Linq");
            }

            if (needsTasks)
            {
                unit = AddUsing(unit, "System.Threading.Tasks");
            }

            newRoot = unit;
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>The loop to replace and its replacement, or null when the shape is not the purely mechanical one.</summary>
    private static (ForEachStatementSyntax Loop, StatementSyntax Replacement)? Rewrite(SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        if (root.FindNode(span, getInnermostNodeForTie: true) is not AwaitExpressionSyntax
            {
                Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call,
                Parent: ExpressionStatementSyntax statement,
            }
            || access.Name.Identifier.ValueText == "ConfigureAwait"
            || LoopOf(statement) is not { } loop
            || loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)
            || loop.Statement.DescendantTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
            || !IsPlain(call, model, cancellationToken)
            || !EnumeratesElements(loop, model, cancellationToken))
        {
            return null;
        }

        var collection = loop.Expression.WithoutTrivia();
        var source = collection is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax
            ? collection.ToFullString()
            : "(" + collection.ToFullString() + ")";
        var text = "await Task.WhenAll(" + source + ".Select(" + loop.Identifier.ValueText + " => " + call.WithoutTrivia().ToFullString() + "));";
        var replacement = SyntaxFactory.ParseStatement(text)
            .WithLeadingTrivia(loop.GetLeadingTrivia())
            .WithTrailingTrivia(loop.GetTrailingTrivia());
        return (loop, replacement);
    }

    /// <summary>The foreach whose whole body is <paramref name="statement"/>, alone or alone in a block.</summary>
    private static ForEachStatementSyntax? LoopOf(ExpressionStatementSyntax statement)
        => statement.Parent switch
        {
            ForEachStatementSyntax loop when loop.Statement == statement => loop,
            BlockSyntax { Statements.Count: 1, Parent: ForEachStatementSyntax loop } block when loop.Statement == block => loop,
            _ => null,
        };

    /// <summary>
    /// The call assigns nothing, awaits nothing, passes nothing by reference, and captures nothing a lambda cannot
    /// (ref parameters, ref locals, <c>this</c> of a struct), so it can move into <c>x =&gt; call</c> as it is.
    /// </summary>
    private static bool IsPlain(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in call.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax:
                case AwaitExpressionSyntax:
                case DeclarationExpressionSyntax:
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return false;
                case IdentifierNameSyntax name:
                    var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                    if (symbol is IParameterSymbol { RefKind: not RefKind.None } or ILocalSymbol { IsRef: true }
                        || (symbol is { IsStatic: false, ContainingType.IsValueType: true } && symbol is IFieldSymbol or IPropertySymbol or IMethodSymbol))
                    {
                        return false;
                    }

                    break;
                case ThisExpressionSyntax or BaseExpressionSyntax when model.GetEnclosingSymbol(node.SpanStart, cancellationToken)?.ContainingType?.IsValueType == true:
                    return false;
            }
        }

        return true;
    }

    /// <summary>The collection is an <c>IEnumerable&lt;T&gt;</c> of the loop variable's type, with no conversion.</summary>
    private static bool EnumeratesElements(ForEachStatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
    {
        var info = model.GetForEachStatementInfo(loop);
        if (info.ElementType is not { IsRefLikeType: false } element
            || !info.ElementConversion.IsIdentity
            || model.GetTypeInfo(loop.Expression, cancellationToken).Type is not { } collection
            || model.Compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T) is not { } enumerable)
        {
            return false;
        }

        var wanted = enumerable.Construct(element);
        return SymbolEqualityComparer.Default.Equals(collection, wanted)
               || collection.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, wanted));
    }

    private static bool InScope(SemanticModel model, int position, string name, string metadataName)
    {
        // The lookup by name returns every arity (Task and Task<T>); only the non-generic one matters here.
        var found = model.LookupNamespacesAndTypes(position, name: name).Where(s => s is INamespaceSymbol or INamedTypeSymbol { Arity: 0 }).ToList();
        return found.Count == 1 && found[0].ToDisplayString() == metadataName;
    }

    /// <summary>Adds <c>using name;</c> among the file's usings, System ones first, in order.</summary>
    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit, string name)
    {
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(name))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        var usings = unit.Usings;
        var endOfLine = usings.Count > 0 ? usings[0].GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed);
        directive = directive.WithTrailingTrivia(endOfLine);

        var index = usings.Count;
        for (var i = 0; i < usings.Count; i++)
        {
            var existing = usings[i];
            if (existing.Alias is null && existing.StaticKeyword.IsKind(SyntaxKind.None) && existing.GlobalKeyword.IsKind(SyntaxKind.None)
                && Compare(existing.Name?.ToString() ?? "", name) > 0)
            {
                index = i;
                break;
            }
        }

        if (index == 0 && usings.Count > 0)
        {
            // Keep the file's leading trivia (a header comment) on the first line.
            var first = usings[0];
            directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
            usings = usings.Replace(first, first.WithLeadingTrivia());
        }

        return unit.WithUsings(usings.Insert(index, directive));
    }

    private static int Compare(string a, string b)
    {
        var systemA = a == "System" || a.StartsWith("System.", StringComparison.Ordinal);
        var systemB = b == "System" || b.StartsWith("System.", StringComparison.Ordinal);
        return systemA != systemB ? (systemA ? -1 : 1) : string.CompareOrdinal(a, b);
    }
}
