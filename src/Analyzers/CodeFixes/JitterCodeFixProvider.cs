using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
/// CACHE010, when the method's <c>Jitter</c> is not less than the time to live: sets it to a tenth of the TTL (whole
/// seconds), the usual value. Not offered for the other CACHE010 problems, or when the jitter comes from the type's
/// <c>[CacheDefaults]</c> (the diagnostic then sits on <c>Ttl</c> or the attribute).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(JitterCodeFixProvider)), Shared]
public sealed class JitterCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = nameof(JitterCodeFixProvider);

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.TtlInvalid);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixDataKeys.JitterTtl, out var ttlText)
                || !int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl)
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax jitter
                || jitter.Parent is not AttributeArgumentSyntax { NameEquals.Name.Identifier.ValueText: "Jitter" })
            {
                continue;
            }

            var tenth = ttl / 10;
            context.RegisterCodeFix(
                CodeAction.Create($"Set Jitter to {tenth.ToString(CultureInfo.InvariantCulture)} (a tenth of the TTL)", ct => SetAsync(context.Document, jitter, tenth, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> SetAsync(Document document, ExpressionSyntax jitter, int value, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(jitter, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value)).WithTriviaFrom(jitter));
        return editor.GetChangedDocument();
    }
}
