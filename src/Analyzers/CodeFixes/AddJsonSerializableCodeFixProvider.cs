using System;
using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Caching.Analyzers.CodeFixes;

/// <summary>
/// CACHE017: adds <c>[JsonSerializable(typeof(T))]</c> to the project's System.Text.Json context. Offered only when
/// that context is certain and can take the attribute: the one <c>[assembly: CacheSerializerContext]</c> names, or
/// else the only <c>JsonSerializerContext</c> declared in the project's source; in both cases declared
/// <c>partial</c> in this project. Fix All adds every missing type once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddJsonSerializableCodeFixProvider)), Shared]
public sealed class AddJsonSerializableCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = nameof(AddJsonSerializableCodeFixProvider);

    // The shared rule (JsonContextChoice) words the fix as "[JsonSerializable(typeof(T))]", T global::-qualified
    // without its leading "global::"; the type is read back from there.

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.NoReflectionFreeSerializer);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => AddAllFixer.Instance;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var compilation = await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        if (compilation is null || FindContext(compilation, context.CancellationToken) is not { } jsonContext)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (TypeOf(diagnostic) is not { } type)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add [JsonSerializable(typeof({type}))] to '{jsonContext.Name}'",
                    ct => AddAsync(context.Document.Project.Solution, jsonContext, new[] { type }, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    // The type to list, global::-qualified (from the rule, which knows the symbol).
    private static string? TypeOf(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(FixDataKeys.JsonType, out var type) && !string.IsNullOrEmpty(type) ? type : null;

    /// <summary>
    /// The context to add to: the one the assembly attribute names, or else the only one declared in source; null when
    /// there is none, several, or it is not partial and declared in this compilation.
    /// </summary>
    private static INamedTypeSymbol? FindContext(Compilation compilation, CancellationToken cancellationToken)
    {
        var contextBase = compilation.GetTypeByMetadataName(KnownTypeNames.JsonSerializerContext);
        if (contextBase is null || compilation.GetTypeByMetadataName(KnownTypeNames.JsonSerializableAttribute) is null)
        {
            return null;
        }

        var preferredAttribute = compilation.GetTypeByMetadataName(KnownTypeNames.CacheSerializerContextAttribute);
        var preferred = compilation.Assembly.GetAttributes()
            .Where(a => preferredAttribute is not null && SymbolEqualityComparer.Default.Equals(a.AttributeClass, preferredAttribute))
            .Select(a => a.ConstructorArguments.FirstOrDefault().Value as INamedTypeSymbol)
            .FirstOrDefault(t => t is not null);
        List<INamedTypeSymbol> candidates;
        if (preferred is not null)
        {
            candidates = new List<INamedTypeSymbol> { preferred };
        }
        else
        {
            candidates = SourceSymbols.Types(compilation, cancellationToken)
                .Where(t => t.TypeKind == TypeKind.Class && !t.IsRecord && DerivesFrom(t, contextBase))
                .Take(2)
                .ToList();
        }

        if (candidates.Count != 1)
        {
            return null;
        }

        var candidate = candidates[0];
        var declarations = Declarations(candidate, cancellationToken);
        return SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly)
            && declarations.Count > 0
            && declarations.Count == candidate.DeclaringSyntaxReferences.Length
            && declarations.All(d => d.Modifiers.Any(SyntaxKind.PartialKeyword))
            && DerivesFrom(candidate, contextBase)
                ? candidate
                : null;
    }

    private static List<ClassDeclarationSyntax> Declarations(INamedTypeSymbol type, CancellationToken cancellationToken)
        => type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<ClassDeclarationSyntax>().ToList();

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds one <c>[JsonSerializable]</c> per type the context does not list yet, in the order given.</summary>
    private static async Task<Solution> AddAsync(Solution solution, INamedTypeSymbol jsonContext, IEnumerable<string> types, CancellationToken cancellationToken)
    {
        var listed = new HashSet<string>(
            jsonContext.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == KnownTypeNames.JsonSerializableAttribute)
                .Select(a => a.ConstructorArguments.FirstOrDefault().Value as ITypeSymbol)
                .Where(t => t is not null)
                .Select(t => TypeNames.WithoutAnnotations(t!)),
            StringComparer.Ordinal);
        var toAdd = types.Where(listed.Add).ToList();
        if (toAdd.Count == 0)
        {
            return solution;
        }

        // The declaration that already lists types (not, say, the half the System.Text.Json generator would write).
        var declarations = Declarations(jsonContext, cancellationToken);
        var declaration = declarations.FirstOrDefault(d => d.AttributeLists.SelectMany(l => l.Attributes).Any(IsJsonSerializable)) ?? declarations[0];
        var document = solution.GetDocument(declaration.SyntaxTree);
        if (document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
        {
            return solution;
        }

        var added = toAdd.Select(type => SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(
                    SyntaxFactory.ParseName("global::System.Text.Json.Serialization.JsonSerializable").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(
                        SyntaxFactory.TypeOfExpression(SyntaxFactory.ParseTypeName(type).WithAdditionalAnnotations(Simplifier.Annotation)))))))))
            .Select(list => list.WithAdditionalAnnotations(Formatter.Annotation));
        ClassDeclarationSyntax updated;
        if (declaration.AttributeLists.Count > 0)
        {
            // After the last attribute list, on lines of their own with its indentation.
            var last = declaration.AttributeLists[declaration.AttributeLists.Count - 1];
            var indentation = declaration.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var lists = added.Select(list => list
                .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
                .WithTrailingTrivia(last.GetTrailingTrivia()));
            updated = declaration.WithAttributeLists(declaration.AttributeLists.InsertRange(declaration.AttributeLists.Count, lists));
        }
        else
        {
            var leading = declaration.GetLeadingTrivia();
            var withoutTrivia = declaration.WithoutLeadingTrivia();
            var first = withoutTrivia.Modifiers.Count > 0 ? withoutTrivia.Modifiers[0] : withoutTrivia.Keyword;
            var indentation = leading.Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var lists = added.Select(list => list.WithTrailingTrivia(newLine == default ? SyntaxFactory.LineFeed : newLine)).ToList();
            lists[0] = lists[0].WithLeadingTrivia(leading);
            for (var i = 1; i < lists.Count; i++)
            {
                lists[i] = lists[i].WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation));
            }

            updated = withoutTrivia
                .ReplaceToken(first, first.WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation)))
                .WithAttributeLists(SyntaxFactory.List(lists));
        }

        return document.WithSyntaxRoot(root.ReplaceNode(declaration, updated)).Project.Solution;
    }

    private static bool IsJsonSerializable(AttributeSyntax attribute)
    {
        var name = attribute.Name.ToString();
        return name == "JsonSerializable" || name.EndsWith(".JsonSerializable", StringComparison.Ordinal)
            || name == "JsonSerializableAttribute" || name.EndsWith(".JsonSerializableAttribute", StringComparison.Ordinal);
    }

    /// <summary>
    /// Fix All: every type of the diagnostics in scope, once each, added to each project's context. The batch fixer
    /// cannot do this: its fixes all edit the same spot of another document, and two would add the same type.
    /// </summary>
    private sealed class AddAllFixer : FixAllProvider
    {
        public static readonly AddAllFixer Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
            => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var byProject = new List<(Project Project, ImmutableArray<Diagnostic> Diagnostics)>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document is { } document:
                    byProject.Add((document.Project, await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false)));
                    break;
                case FixAllScope.Project:
                    byProject.Add((fixAllContext.Project, await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false)));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in fixAllContext.Solution.Projects)
                    {
                        byProject.Add((project, await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false)));
                    }

                    break;
                default:
                    return null;
            }

            return CodeAction.Create(
                "Add [JsonSerializable] for every type",
                ct => AddAllAsync(fixAllContext.Solution, byProject, ct),
                EquivalenceKey);
        }

        private static async Task<Solution> AddAllAsync(Solution solution, List<(Project Project, ImmutableArray<Diagnostic> Diagnostics)> byProject, CancellationToken cancellationToken)
        {
            foreach (var (project, diagnostics) in byProject)
            {
                var types = diagnostics
                    .Where(d => d.Id == DiagnosticIds.NoReflectionFreeSerializer)
                    .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                    .ThenBy(d => d.Location.SourceSpan.Start)
                    .Select(TypeOf)
                    .Where(t => t is not null)
                    .Select(t => t!)
                    .ToList();
                var current = solution.GetProject(project.Id);
                var compilation = current is null ? null : await current.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                if (types.Count > 0 && compilation is not null && FindContext(compilation, cancellationToken) is { } jsonContext)
                {
                    solution = await AddAsync(solution, jsonContext, types, cancellationToken).ConfigureAwait(false);
                }
            }

            return solution;
        }
    }
}
