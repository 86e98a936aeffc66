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

namespace Caching.Analyzers.CodeFixes;

/// <summary>
/// REDIS001: replaces a blocking <c>KEYS</c> sent through <c>IServer.Execute</c> with <c>IServer.Keys</c>, which walks
/// the keyspace with <c>SCAN</c> in pages of 250. Only one shape is fixed, the one whose result type stays the same:
/// <c>(RedisKey[])server.Execute("KEYS", pattern)</c> (or a cast to <c>RedisKey[]?</c>, or of <c>Execute(...)!</c>) becomes <c>server.Keys(pattern: pattern).Distinct().ToArray()</c>,
/// and <c>(string[])server.Execute("KEYS", pattern)</c> becomes
/// <c>server.Keys(pattern: pattern).Select(k =&gt; k.ToString()).Distinct().ToArray()</c>, with <c>using System.Linq;</c>
/// added when missing. <c>Distinct</c> absorbs the duplicates SCAN may return. ExecuteAsync (no array from an
/// async enumerable without System.Linq.Async), <c>IDatabase.Execute</c> (no server to scan) and a pattern that is
/// not a string get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeysToScanCodeFixProvider)), Shared]
public sealed class KeysToScanCodeFixProvider : CodeFixProvider
{
    private const string Title = "Use IServer.Keys (SCAN) instead of KEYS";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.RedisKeyspaceEnumeration);

    /// <inheritdoc/>
    /// <remarks>
    /// Not the batch fixer: every fix of a document adds the same <c>using System.Linq;</c>, and the batch fixer drops
    /// fixes whose edits overlap, so one Fix All would leave most calls unfixed. This one rewrites every call of the
    /// document and adds the using once.
    /// </remarks>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

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
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax command
                && Match(command, model, context.CancellationToken) is { } match)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, match, ct), equivalenceKey: Title),
                    diagnostic);
            }
        }
    }

    /// <summary>The cast around <c>server.Execute("KEYS", pattern)</c> and what replaces it; null for any other shape.</summary>
    private static Replacement? Match(ExpressionSyntax command, SemanticModel model, CancellationToken cancellationToken)
    {
        if (command.Parent is not ArgumentSyntax { NameColon: null } commandArgument
            || commandArgument.Parent is not ArgumentListSyntax { Arguments.Count: 2 } arguments
            || arguments.Arguments[0] != commandArgument
            || arguments.Arguments[1] is not { NameColon: null, RefKindKeyword.RawKind: 0 } patternArgument
            || arguments.Parent is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Execute" } access } invocation
            || CastAround(invocation) is not { } cast
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { Parameters.Length: 2 } method
            || !method.Parameters[1].IsParams
            || method.ContainingType is not { Name: "IServer", ContainingNamespace: var ns }
            || ns.ToDisplayString() != "StackExchange.Redis"
            || model.GetTypeInfo(patternArgument.Expression, cancellationToken).Type?.SpecialType != SpecialType.System_String
            || model.GetTypeInfo(cast.Type, cancellationToken).Type is not IArrayTypeSymbol { Rank: 1, ElementType: var element })
        {
            return null;
        }

        bool strings;
        if (element.SpecialType == SpecialType.System_String)
        {
            strings = true;
        }
        else if (element.Name == "RedisKey" && element.ContainingNamespace?.ToDisplayString() == "StackExchange.Redis")
        {
            strings = false;
        }
        else
        {
            return null;
        }

        return new Replacement(cast, access.Expression, patternArgument.Expression, strings);
    }

    /// <summary>The cast of <c>(T)call</c> or <c>(T)call!</c>, or null.</summary>
    private static CastExpressionSyntax? CastAround(InvocationExpressionSyntax invocation)
    {
        SyntaxNode? parent = invocation.Parent;
        if (parent is PostfixUnaryExpressionSyntax suppression && suppression.IsKind(SyntaxKind.SuppressNullableWarningExpression))
        {
            parent = suppression.Parent;
        }

        return parent as CastExpressionSyntax;
    }

    private static async Task<Document> FixAsync(Document document, Replacement match, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(Rewrite(root, new[] { match }));
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var matches = diagnostics
            .Select(d => root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax command ? Match(command, model, context.CancellationToken) : null)
            .Where(m => m is not null)
            .Select(m => m!)
            .ToList();
        return matches.Count == 0 ? document : document.WithSyntaxRoot(Rewrite(root, matches));
    }

    /// <summary>Replaces each cast by <c>server.Keys(pattern: p)[.Select(k =&gt; k.ToString())].Distinct().ToArray()</c> and adds <c>using System.Linq;</c> once.</summary>
    private static SyntaxNode Rewrite(SyntaxNode root, System.Collections.Generic.IReadOnlyCollection<Replacement> matches)
    {
        var byCast = matches.ToDictionary(m => m.Cast);
        var newRoot = root.ReplaceNodes(byCast.Keys, (original, _) => Replace(byCast[original]));
        return newRoot is CompilationUnitSyntax unit && !HasLinq(unit) ? AddLinq(unit) : newRoot;
    }

    private static ExpressionSyntax Replace(Replacement match)
    {
        ExpressionSyntax keys = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, match.Server.WithoutTrivia(), SyntaxFactory.IdentifierName("Keys")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Argument(match.Pattern.WithoutTrivia()).WithNameColon(SyntaxFactory.NameColon("pattern")))));
        if (match.Strings)
        {
            keys = Call(keys, "Select", SyntaxFactory.Argument(SyntaxFactory.ParseExpression("k => k.ToString()")));
        }

        return Call(Call(keys, "Distinct"), "ToArray").WithTriviaFrom(match.Cast);
    }

    private static InvocationExpressionSyntax Call(ExpressionSyntax target, string name, params ArgumentSyntax[] arguments)
        => SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, SyntaxFactory.IdentifierName(name)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));

    private static bool HasLinq(CompilationUnitSyntax unit)
        => unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or UsingDirectiveSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is null && u.StaticKeyword.RawKind == 0 && u.Name?.ToString() == "System.Linq");

    /// <summary>Adds <c>using System.Linq;</c> to the file's usings, in ordinal order.</summary>
    private static CompilationUnitSyntax AddLinq(CompilationUnitSyntax unit)
    {
        var usings = unit.Usings;
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Linq"))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        if (usings.Count == 0)
        {
            return unit.WithUsings(usings.Add(directive.WithTrailingTrivia(SyntaxFactory.LineFeed, SyntaxFactory.LineFeed)));
        }

        var index = 0;
        while (index < usings.Count
            && usings[index].Alias is null
            && usings[index].StaticKeyword.RawKind == 0
            && string.CompareOrdinal(usings[index].Name?.ToString(), "System.Linq") < 0)
        {
            index++;
        }

        var template = usings[index < usings.Count ? index : usings.Count - 1];
        directive = directive.WithTrailingTrivia(template.GetTrailingTrivia());
        if (index == 0)
        {
            // Keep the file's leading trivia (a header comment) on the first using.
            var first = usings[0];
            return unit.WithUsings(usings.Replace(first, first.WithoutLeadingTrivia()).Insert(0, directive.WithLeadingTrivia(first.GetLeadingTrivia())));
        }

        return unit.WithUsings(usings.Insert(index, directive));
    }

    private sealed class Replacement
    {
        public Replacement(CastExpressionSyntax cast, ExpressionSyntax server, ExpressionSyntax pattern, bool strings)
        {
            Cast = cast;
            Server = server;
            Pattern = pattern;
            Strings = strings;
        }

        public CastExpressionSyntax Cast { get; }

        public ExpressionSyntax Server { get; }

        public ExpressionSyntax Pattern { get; }

        public bool Strings { get; }
    }
}
