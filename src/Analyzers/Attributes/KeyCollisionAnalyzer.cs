using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Analyzers.Attributes;

/// <summary>
/// CACHE013: two <c>[Cached]</c> or <c>[CachedBatch]</c> methods whose keys have the same shape (type prefix, literal
/// text, holes), and the same value type, so they build one Redis key for the same arguments. Keys carry a schema
/// suffix of the value type, so methods of different value types never share an entry and are not reported.
/// </summary>
/// <remarks>
/// A whole-program rule: every key of the compilation is collected, then compared when the compilation ends. Two
/// methods that write the same key text (type prefix included) on purpose share their entries and are quiet; a key
/// left to its default (the method name and parameters) never counts as on purpose.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeyCollisionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.KeysCollide);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var cached = start.Compilation.GetTypeByMetadataName(KnownTypeNames.CachedAttribute);
            var batch = start.Compilation.GetTypeByMetadataName(KnownTypeNames.CachedBatchAttribute);
            if (cached is null)
            {
                return;
            }

            var keys = new ConcurrentBag<CachedKey>();
            start.RegisterSymbolAction(c => Collect(c, cached, batch, keys), SymbolKind.Method);
            start.RegisterCompilationEndAction(end => ReportCollisions(end, keys));
        });
    }

    private static void Collect(SymbolAnalysisContext context, INamedTypeSymbol cached, INamedTypeSymbol? batch, ConcurrentBag<CachedKey> keys)
    {
        if (MethodProblems.Definition(context.Symbol) is not { } method || MethodProblems.Declaration(method, context.CancellationToken) is not { } declaration)
        {
            return;
        }

        ResolvedTemplate? key = null;
        string prefix = "";
        ITypeSymbol? valueType = null;
        var attribute = MethodProblems.Find(method, cached);
        if (attribute is not null)
        {
            var facts = CachedMethodAnalysis.Analyze(method, attribute, context.Compilation, null, context.CancellationToken);
            if (!facts.HasErrors)
            {
                key = new ResolvedTemplate(facts.KeyTemplateText, facts.KeyParts, facts.Holes);
                (prefix, valueType) = (facts.KeyPrefix, facts.ValueType);
            }
        }
        else if ((attribute = MethodProblems.Find(method, batch)) is not null)
        {
            var facts = BatchMethodAnalysis.Analyze(method, attribute, context.Compilation, context.CancellationToken);
            if (!facts.HasErrors)
            {
                (key, prefix, valueType) = (facts.Key, facts.KeyPrefix, facts.ValueType);
            }
        }

        if (key is null || valueType is null || attribute is null)
        {
            return;
        }

        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
        var location = ProblemLocations.Locate(CacheProblem.Warning(DiagnosticIds.KeysCollide, ProblemSite.KeyArgument), declaration, attributeSyntax);
        keys.Add(new CachedKey(
            method.ContainingType.Name + "." + method.Name,
            prefix + key.Text,
            Escape(prefix) + key.Shape,
            TypeNames.WithoutAnnotations(valueType),
            CachedMethodAnalysis.Named(attribute, "Key") is string,
            location));
    }

    private static void ReportCollisions(CompilationAnalysisContext context, ConcurrentBag<CachedKey> keys)
    {
        foreach (var group in keys.GroupBy(k => (k.Shape, k.ValueType)).Where(g => g.Count() > 1))
        {
            var members = group.OrderBy(k => k.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(k => k.Location.SourceSpan.Start).ToList();
            foreach (var key in members)
            {
                var other = members.FirstOrDefault(o => !ReferenceEquals(o, key) && !SharedOnPurpose(key, o));
                if (other is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.KeysCollide, key.Location, key.Text, key.Method, other.Text, other.Method));
                }
            }
        }
    }

    private static bool SharedOnPurpose(CachedKey a, CachedKey b) => a.IsExplicit && b.IsExplicit && a.Text == b.Text;

    private static string Escape(string literal) => literal.Replace("<", "<<").Replace(">", ">>");

    /// <summary>One method's key, as compared.</summary>
    /// <param name="Method">Type and method name, for the message.</param>
    /// <param name="Text">The type prefix and the template as written (or the default template).</param>
    /// <param name="Shape">The prefix and template with holes reduced to <c>&lt;&gt;</c>.</param>
    /// <param name="ValueType">The cached value's type; the key's schema suffix depends on it.</param>
    /// <param name="IsExplicit">Whether the attribute sets <c>Key</c>.</param>
    /// <param name="Location">Where to report: the <c>Key</c> argument, else the attribute.</param>
    private sealed record CachedKey(string Method, string Text, string Shape, string ValueType, bool IsExplicit, Location Location);
}
