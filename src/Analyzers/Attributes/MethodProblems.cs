using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Analyzers.Attributes;

/// <summary>
/// Reports the problems the shared rules found on one method, as every per-method analyzer does: at
/// <see cref="ProblemLocations.Locate"/>'s location (the attribute a problem names, or the one being analysed), with
/// the properties the code fixes read.
/// </summary>
internal static class MethodProblems
{
    /// <summary>Property naming the core method the CACHE002 fix may add; absent when a member of that name exists.</summary>
    public const string MissingCoreNameProperty = "MissingCoreName";

    /// <summary>Property holding the text between the braces that CACHE026 found, for its fix.</summary>
    public const string BraceHoleProperty = "BraceHole";

    /// <summary>
    /// The method a per-method analyzer looks at: the definition of an ordinary method. The implementation part of a
    /// partial method (the generator's output) shares the definition's attributes; only the definition is analyzed,
    /// as the generator does.
    /// </summary>
    public static IMethodSymbol? Definition(ISymbol symbol)
        => symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary, PartialDefinitionPart: null } method ? method : null;

    /// <summary>The declaration the diagnostics point into, or null when the method is not declared in source as a method.</summary>
    public static MethodDeclarationSyntax? Declaration(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        => method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as MethodDeclarationSyntax;

    /// <summary>The attribute of <paramref name="attributeClass"/> on <paramref name="method"/>, or null.</summary>
    public static AttributeData? Find(IMethodSymbol method, INamedTypeSymbol? attributeClass)
        => attributeClass is null ? null : method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeClass));

    /// <param name="context">The symbol action's context.</param>
    /// <param name="declaration">The method's declaration.</param>
    /// <param name="attribute">The attribute a problem without <see cref="CacheProblem.Attribute"/> belongs to.</param>
    /// <param name="problems">The problems to report.</param>
    /// <param name="coreName">The core method the CACHE002 fix would add.</param>
    public static void Report(
        SymbolAnalysisContext context, MethodDeclarationSyntax declaration, AttributeData? attribute, IEnumerable<CacheProblem> problems, string coreName)
    {
        var attributeSyntax = attribute?.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
        var method = (IMethodSymbol)context.Symbol;

        // The shared rules can find one problem twice (a generic write or batch method gets CACHE016 from the
        // declaration check and from its own); the same message at the same place is reported once.
        var reported = new HashSet<string>();
        foreach (var problem in problems)
        {
            if (Descriptors.For(problem.Id) is not { } descriptor)
            {
                continue;
            }

            var location = ProblemLocations.Locate(problem, declaration, attributeSyntax);
            if (!reported.Add(problem.Id + "|" + location.SourceSpan + "|" + string.Join("|", problem.Args)))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(descriptor, location, Properties(problem, method, coreName), problem.Args));
        }
    }

    /// <summary>CACHE017 for a type no JSON context covers, at the parameter or return type that carries it.</summary>
    public static CacheProblem? JsonProblem(ITypeSymbol type, ProblemSite site, int parameterIndex, JsonContexts contexts)
        => contexts.FindProblem(type) is { } missing
            ? new CacheProblem(DiagnosticIds.NoReflectionFreeSerializer, true, site, parameterIndex, new[] { type.ToDisplayString(), missing })
            {
                FixData = CachedMethodAnalysis.JsonFixData(type),
            }
            : null;

    // What the code fixes need and cannot read back from the message.
    private static ImmutableDictionary<string, string?>? Properties(CacheProblem problem, IMethodSymbol method, string coreName)
    {
        if (problem.FixData is { } data)
        {
            return data.ToImmutableDictionary(e => e.Key, e => (string?)e.Value);
        }

        if (problem.Id == DiagnosticIds.BraceHoleLooksLikeParameter && problem.Args.Length > 0)
        {
            return ImmutableDictionary<string, string?>.Empty.Add(BraceHoleProperty, problem.Args[0]);
        }

        if (problem.Id == DiagnosticIds.CoreMethodMissing)
        {
            var taken = false;
            for (var type = method.ContainingType; type is not null && !taken; type = type.BaseType)
            {
                taken = type.GetMembers(coreName).Length > 0;
            }

            return taken ? null : ImmutableDictionary<string, string?>.Empty.Add(MissingCoreNameProperty, coreName);
        }

        return null;
    }
}
