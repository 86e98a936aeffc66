using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>
/// Warnings about a resolved key template that are not errors (the generator still writes the method): parameters
/// left out of the key (CACHE008), holes whose values can run into each other (CACHE031), and literal text that makes
/// every key long or hard to type (CACHE021).
/// </summary>
internal static class KeyChecks
{
    /// <summary>Literal text longer than this makes every key of the method long; the runtime keeps this much of a hashed key's prefix.</summary>
    public const int MaxLiteralLength = 256;

    // What the runtime escapes in a hole value (CacheKeyBuilder): a literal holding one of these cannot occur inside
    // a value, so it separates two holes unambiguously.
    private const string EscapedCharacters = "%:{}*?[]\\# ";

    /// <summary>
    /// CACHE008: each parameter the explicit key does not use, except cancellation tokens, parameters marked
    /// <c>[NotCacheKey]</c> and services that never change a result (loggers, service providers).
    /// </summary>
    public static void ParametersLeftOut(List<CacheProblem> problems, IMethodSymbol method, IEnumerable<KeyTemplatePart> parts, string template, Compilation compilation)
    {
        // A parameter named in braces is a hole written with the wrong brackets: CACHE026 reports it, with a fix.
        var used = new HashSet<string>(parts.Where(p => p.IsHole).Select(p => p.Path![0]));
        used.UnionWith(method.Parameters.Select(p => p.Name).Where(n => template.Contains("{" + n + "}") || template.Contains("{" + n + ".") || template.Contains("{" + n + ":")));
        foreach (var parameter in method.Parameters)
        {
            // A parameter the method cannot take at all is CACHE014's, not this rule's.
            var unsupported = parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer;
            if (!unsupported && !used.Contains(parameter.Name) && !IsLeftOutOnPurpose(parameter, compilation))
            {
                problems.Add(new CacheProblem(DiagnosticIds.KeyMissesParameter, false, ProblemSite.Parameter, parameter.Ordinal, new[] { parameter.Name, template }));
            }
        }
    }

    /// <summary>Whether <paramref name="parameter"/> stays out of keys: a cancellation token, <c>[NotCacheKey]</c>, or a service.</summary>
    public static bool IsLeftOutOnPurpose(IParameterSymbol parameter, Compilation compilation)
    {
        var notCacheKey = compilation.GetTypeByMetadataName(KnownTypeNames.NotCacheKeyAttribute);
        if (notCacheKey is not null && parameter.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, notCacheKey)))
        {
            return true;
        }

        var name = parameter.Type.OriginalDefinition.ToDisplayString();
        return name is KnownTypeNames.CancellationToken
            or "System.IServiceProvider"
            or "Microsoft.Extensions.Logging.ILogger"
            or "Microsoft.Extensions.Logging.ILogger<TCategoryName>";
    }

    /// <summary>
    /// CACHE031: two holes with nothing between them, or only characters a string value may itself contain, so two
    /// different argument lists can spell one key (<c>&lt;a&gt;&lt;b&gt;</c>: 1 and 23, 12 and 3).
    /// </summary>
    public static void HoleSeparation(List<CacheProblem> problems, IReadOnlyList<KeyTemplatePart> parts, IReadOnlyList<ResolvedHole> holes)
    {
        var holeIndex = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            if (!parts[i].IsHole)
            {
                continue;
            }

            var current = holes[holeIndex++];
            var next = i + 1 < parts.Count && parts[i + 1].IsHole ? i + 1
                : i + 2 < parts.Count && parts[i + 2].IsHole ? i + 2
                : -1;
            if (next < 0 || holeIndex >= holes.Count)
            {
                continue;
            }

            var between = next == i + 1 ? "" : parts[i + 1].Literal!;
            // The first value's end is found where the literal starts, which is sure only when that value cannot
            // contain the literal (or, with no literal, when its text has a fixed shape).
            var ambiguous = between.Length == 0
                ? !HasSelfDelimitingText(current)
                : between.IndexOfAny(EscapedCharacters.ToCharArray()) < 0 && current.Kind == HoleKind.String;
            if (ambiguous)
            {
                problems.Add(CacheProblem.Warning(DiagnosticIds.KeyHolesNotSeparated, ProblemSite.KeyArgument,
                    "<" + parts[i].PathText + ">" + between + "<" + parts[next].PathText + ">"));
            }
        }
    }

    /// <summary>CACHE021: literal text (with the type's prefix) longer than <see cref="MaxLiteralLength"/>, or with whitespace or control characters.</summary>
    public static void LiteralText(List<CacheProblem> problems, string prefix, IEnumerable<KeyTemplatePart> parts, string template)
    {
        var literal = prefix + string.Concat(parts.Where(p => !p.IsHole).Select(p => p.Literal));
        string? reason = null;
        if (literal.Any(c => char.IsControl(c)))
        {
            reason = "has a control character in its literal text; keys are typed and read in redis-cli and logs, so keep the literal text printable";
        }
        else if (literal.Any(c => char.IsWhiteSpace(c)))
        {
            reason = "has whitespace in its literal text; redis-cli, MONITOR and SCAN patterns then need quoting, so use ':' or '-' instead";
        }
        else if (literal.Length > MaxLiteralLength)
        {
            reason = $"has {literal.Length} characters of literal text, stored and sent with every key; keep it under {MaxLiteralLength}";
        }

        if (reason is not null)
        {
            problems.Add(CacheProblem.Warning(DiagnosticIds.KeyLiteralUnwieldy, ProblemSite.KeyArgument, template, reason));
        }
    }

    // Text that shows where it ends: true/false, one (escaped) character, a Guid in its fixed default form.
    private static bool HasSelfDelimitingText(ResolvedHole hole)
        => hole.Kind is HoleKind.Boolean or HoleKind.Char
            || (hole.Format is null && hole.ExactType is "global::System.Guid" or "global::System.Guid?");
}
