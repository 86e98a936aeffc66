using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
using Microsoft.CodeAnalysis.Formatting;

namespace Caching.Analyzers.CodeFixes;

/// <summary>
/// CACHE002: adds the missing core method after the generated method (<c>[Cached]</c>, <c>[CachedBatch]</c> or a write
/// method): private, with the same parameters and return type, and a body that throws
/// <see cref="System.NotImplementedException"/> until the user writes it. A batch's <c>IEnumerable&lt;TKey&gt;</c> ids
/// parameter accepts the misses as they are passed. Only offered when no member has the core method's name, so it
/// never adds a clashing overload.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCoreMethodCodeFixProvider)), Shared]
public sealed class AddCoreMethodCodeFixProvider : CodeFixProvider
{
    private const string Title = "Add core method";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.CoreMethodMissing);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MethodProblems.MissingCoreNameProperty, out var coreName) || coreName is null
                || !SyntaxFacts.IsValidIdentifier(coreName)
                || root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { } method)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => AddCoreAsync(context.Document, method, coreName, ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> AddCoreAsync(Document document, MethodDeclarationSyntax method, string coreName, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var generator = editor.Generator;
        var notImplemented = editor.SemanticModel.Compilation.GetTypeByMetadataName("System.NotImplementedException");
        var exceptionType = notImplemented is null ? SyntaxFactory.ParseTypeName("System.NotImplementedException") : generator.TypeExpression(notImplemented);

        // Same parameter types, names and order; defaults, attributes and 'this' stay on the cached method.
        var parameters = method.ParameterList.Parameters.Select(p => p
            .WithDefault(null)
            .WithAttributeLists(default)
            .WithModifiers(SyntaxFactory.TokenList(p.Modifiers.Where(m => !m.IsKind(SyntaxKind.ThisKeyword))))
            .WithoutTrivia());
        var core = generator.MethodDeclaration(
            coreName,
            parameters,
            typeParameters: null,
            returnType: method.ReturnType.WithoutTrivia(),
            accessibility: Accessibility.Private,
            modifiers: method.Modifiers.Any(SyntaxKind.StaticKeyword) ? DeclarationModifiers.Static : DeclarationModifiers.None,
            statements: new[] { generator.ThrowStatement(generator.ObjectCreationExpression(exceptionType)) });

        editor.InsertAfter(method, core.WithAdditionalAnnotations(Formatter.Annotation));
        return editor.GetChangedDocument();
    }
}
