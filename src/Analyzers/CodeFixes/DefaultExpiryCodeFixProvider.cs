using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
/// REDIS003: gives a <c>StringSet[Async]</c> call with no expiry the default TTL configured as
/// <c>caching.default_ttl</c>: appends <c>expiry: TimeSpan.FromSeconds(N)</c>, or replaces an explicit null or default
/// expiry with it. Offered only when that setting exists (the analyzer then puts it on the diagnostic).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DefaultExpiryCodeFixProvider)), Shared]
public sealed class DefaultExpiryCodeFixProvider : CodeFixProvider
{
    private const string Title = "Add the default expiry (caching.default_ttl)";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.RedisWriteWithoutExpiry);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(WriteWithoutExpiryAnalyzer.ExpirySecondsProperty, out var secondsText)
                || !long.TryParse(secondsText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call)
            {
                continue;
            }

            int? index = null;
            if (diagnostic.Properties.TryGetValue(WriteWithoutExpiryAnalyzer.ExpiryArgumentIndexProperty, out var indexText))
            {
                if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value >= call.ArgumentList.Arguments.Count)
                {
                    continue;
                }

                index = value;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, call, index, seconds, ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, InvocationExpressionSyntax call, int? index, long seconds, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);

        // 'TimeSpan' when it names System.TimeSpan where the call is (a using System, or an alias), else qualified.
        var bound = editor.SemanticModel.GetSpeculativeSymbolInfo(call.SpanStart, SyntaxFactory.IdentifierName("TimeSpan"), SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol;
        var timeSpan = bound is INamedTypeSymbol { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
            ? "TimeSpan"
            : "global::System.TimeSpan";
        var ttl = SyntaxFactory.ParseExpression(timeSpan + ".FromSeconds(" + seconds.ToString(CultureInfo.InvariantCulture) + ")");
        var arguments = call.ArgumentList.Arguments;
        if (index is { } i)
        {
            var old = arguments[i];
            editor.ReplaceNode(old.Expression, ttl.WithTriviaFrom(old.Expression));
        }
        else
        {
            var argument = SyntaxFactory.Argument(SyntaxFactory.NameColon("expiry"), default, ttl);
            editor.ReplaceNode(call.ArgumentList, call.ArgumentList.AddArguments(argument));
        }

        return editor.GetChangedDocument();
    }
}
