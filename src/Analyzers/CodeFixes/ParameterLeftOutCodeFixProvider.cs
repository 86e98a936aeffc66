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
using Microsoft.CodeAnalysis.Simplification;

namespace Caching.Analyzers.CodeFixes;

/// <summary>
/// CACHE008: a parameter the key leaves out. Offers to append <c>:&lt;name&gt;</c> to the <c>Key</c> literal (when it
/// is a plain or verbatim string), or to mark the parameter <c>[NotCacheKey]</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParameterLeftOutCodeFixProvider)), Shared]
public sealed class ParameterLeftOutCodeFixProvider : CodeFixProvider
{
    private const string AddToKeyKey = "AddParameterToKey";
    private const string NotCacheKeyKey = "MarkNotCacheKey";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.KeyMissesParameter);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan) is not ParameterSyntax parameter
                || parameter.Parent?.Parent is not MethodDeclarationSyntax method)
            {
                continue;
            }

            var name = parameter.Identifier.ValueText;
            if (KeyLiteral(method) is { } key)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Add '<{name}>' to the key", ct => AddToKeyAsync(context.Document, key, name, ct), AddToKeyKey),
                    diagnostic);
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Mark '{name}' [NotCacheKey]", ct => MarkAsync(context.Document, parameter, ct), NotCacheKeyKey),
                diagnostic);
        }
    }

    // The Key argument of the method's [Cached], when it is a plain or verbatim string literal the fix can extend.
    private static LiteralExpressionSyntax? KeyLiteral(MethodDeclarationSyntax method)
        => method.AttributeLists.SelectMany(l => l.Attributes)
            .Where(a => a.Name.ToString() is "Cached" or "CachedAttribute" or "Caching.Cached" or "Caching.CachedAttribute" or "global::Caching.Cached" or "global::Caching.CachedAttribute")
            .SelectMany(a => a.ArgumentList?.Arguments ?? default)
            .Where(a => a.NameEquals?.Name.Identifier.ValueText == "Key")
            .Select(a => a.Expression)
            .OfType<LiteralExpressionSyntax>()
            .FirstOrDefault(l => l.Token.IsKind(SyntaxKind.StringLiteralToken) && l.Token.Text.EndsWith("\"", System.StringComparison.Ordinal));

    private static async Task<Document> AddToKeyAsync(Document document, LiteralExpressionSyntax key, string name, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var token = key.Token;

        // Edit the source text before the closing quote, so the literal keeps its form (verbatim, escapes).
        var hole = ":<" + name + ">";
        var text = token.Text.Substring(0, token.Text.Length - 1) + hole + "\"";
        var replacement = SyntaxFactory.Literal(token.LeadingTrivia, text, token.ValueText + hole, token.TrailingTrivia);
        return document.WithSyntaxRoot(root!.ReplaceNode(key, key.WithToken(replacement)));
    }

    private static async Task<Document> MarkAsync(Document document, ParameterSyntax parameter, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::Caching.NotCacheKey").WithAdditionalAnnotations(Simplifier.Annotation))))
            .WithTrailingTrivia(SyntaxFactory.Space);
        var marked = parameter.WithoutLeadingTrivia()
            .WithAttributeLists(parameter.AttributeLists.Add(attribute))
            .WithLeadingTrivia(parameter.GetLeadingTrivia());
        return document.WithSyntaxRoot(root!.ReplaceNode(parameter, marked));
    }
}
