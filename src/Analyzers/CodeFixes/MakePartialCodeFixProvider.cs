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
/// CACHE001: adds <c>partial</c> to a bodiless method with one of our attributes and to every type around it that
/// lacks it. A method with a body is left alone: deleting a body the user wrote is not a safe fix.
/// </summary>
/// <remarks>
/// Fix All does every edit of a document in one editor instead of using the batch fixer: two methods of one class
/// both add <c>partial</c> to the class, and the batch fixer drops one of two overlapping edits, so it needed a
/// second pass.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider)), Shared]
public sealed class MakePartialCodeFixProvider : CodeFixProvider
{
    private const string Title = "Make partial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.NotPartial);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FixableMethod(root, diagnostic) is { } method)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => MakePartialAsync(context.Document, new[] { method }, ct), equivalenceKey: Title),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var methods = diagnostics.Select(d => FixableMethod(root, d)).OfType<MethodDeclarationSyntax>().Distinct().ToList();
        return methods.Count == 0 ? null : await MakePartialAsync(document, methods, context.CancellationToken).ConfigureAwait(false);
    }

    private static MethodDeclarationSyntax? FixableMethod(SyntaxNode? root, Diagnostic diagnostic)
    {
        var method = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        return method is null || method.Body is not null || method.ExpressionBody is not null
            || method.Modifiers.Any(SyntaxKind.AbstractKeyword) || method.Modifiers.Any(SyntaxKind.ExternKeyword)
            || method.Ancestors().OfType<InterfaceDeclarationSyntax>().Any()
            ? null
            : method;
    }

    private static async Task<Document> MakePartialAsync(Document document, IEnumerable<MethodDeclarationSyntax> methods, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var declarations = new HashSet<SyntaxNode>();
        foreach (var method in methods)
        {
            declarations.Add(method);
            declarations.UnionWith(method.Ancestors().OfType<TypeDeclarationSyntax>());
        }

        foreach (var declaration in declarations)
        {
            if (!editor.Generator.GetModifiers(declaration).IsPartial)
            {
                // SyntaxGenerator puts 'partial' last, where C# requires it, and keeps the leading trivia.
                editor.ReplaceNode(declaration, static (current, generator) => generator.WithModifiers(current, generator.GetModifiers(current).WithPartial(true)));
            }
        }

        return editor.GetChangedDocument();
    }
}
