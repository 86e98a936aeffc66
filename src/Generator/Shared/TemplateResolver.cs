using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>A key or tag template with each hole resolved; <see cref="Holes"/> follows the hole parts in order.</summary>
internal sealed class ResolvedTemplate
{
    public ResolvedTemplate(string text, List<KeyTemplatePart> parts, List<ResolvedHole> holes)
    {
        Text = text;
        Parts = parts;
        Holes = holes;
    }

    public string Text { get; }

    public List<KeyTemplatePart> Parts { get; }

    public List<ResolvedHole> Holes { get; }

    /// <summary>
    /// The template's shape: literals kept, holes reduced to <c>&lt;&gt;</c>. Two templates with one shape build the
    /// same keys from the same values, whatever their holes are named: <c>user:&lt;id&gt;</c> and <c>user:&lt;user.Id&gt;</c>.
    /// </summary>
    public string Shape => Shapes.Of(Parts);
}

/// <summary>Template shapes, shared so keys and tags are matched the same way everywhere.</summary>
internal static class Shapes
{
    public static string Of(IEnumerable<KeyTemplatePart> parts)
        => string.Concat(parts.Select(p => p.IsHole ? "<>" : p.Literal!.Replace("<", "<<").Replace(">", ">>")));

    /// <summary>The shape of template text, or null when it is malformed.</summary>
    public static string? Of(string template) => KeyTemplate.Parse(template, out _) is { } parts ? Of(parts) : null;
}

/// <summary>Parses a key or tag template and resolves its holes against the method, collecting problems.</summary>
internal static class TemplateResolver
{
    /// <param name="elementIndex">For one element of an array argument (a tag of <c>Tags</c>), its index, so the problems point at it; else -1.</param>
    /// <returns>The resolved template, or null when it is malformed or a hole cannot be resolved (the problems say why).</returns>
    public static ResolvedTemplate? Resolve(
        string text, IMethodSymbol method, IReadOnlyList<HoleRoot> roots, ProblemSite site, AttributeData? attribute,
        Compilation compilation, INamedTypeSymbol? cancellation, List<CacheProblem> problems, int elementIndex = -1)
    {
        var parts = KeyTemplate.Parse(text, out var error);
        if (parts is null)
        {
            problems.Add(CacheProblem.Error(DiagnosticIds.KeyTemplateMalformed, site, error!) with { Attribute = attribute, ElementIndex = elementIndex });
            return null;
        }

        var holes = new List<ResolvedHole>();
        var names = roots.Select(r => r.Name).ToList();
        var failed = false;
        foreach (var part in parts)
        {
            if (!part.IsHole)
            {
                if (KeyTemplate.FindBraceHole(part.Literal!, names) is { } braced)
                {
                    problems.Add(CacheProblem.Warning(DiagnosticIds.BraceHoleLooksLikeParameter, site, braced) with { Attribute = attribute, ElementIndex = elementIndex });
                }

                continue;
            }

            var hole = KeyHoleResolver.Resolve(part, method, roots, site, compilation, cancellation, out var problem);
            if (problem is not null)
            {
                problems.Add(problem with { Attribute = attribute, ElementIndex = elementIndex });
                failed = true;
            }
            else
            {
                holes.Add(hole!);
                if (hole!.InexactReason is { } reason && part.Format is null)
                {
                    problems.Add(CacheProblem.Warning(DiagnosticIds.KeyHoleInexact, site, part.PathText, reason) with { Attribute = attribute, ElementIndex = elementIndex });
                }
            }
        }

        return failed ? null : new ResolvedTemplate(text, parts, holes);
    }

    /// <summary>The strings of an attribute's <c>Tags</c> array, without nulls, each with its index in the array as written.</summary>
    public static IReadOnlyList<TagElement> Tags(AttributeData attribute)
    {
        var tags = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Tags").Value;
        return tags.Kind == TypedConstantKind.Array && !tags.IsNull
            ? tags.Values.Select((v, i) => (Text: v.Value as string, Index: i)).Where(v => v.Text is not null).Select(v => new TagElement(v.Text!, v.Index)).ToList()
            : new List<TagElement>();
    }
}

/// <summary>One tag of a <c>Tags</c> array.</summary>
/// <param name="Text">The tag template.</param>
/// <param name="Index">Its index in the array as written (nulls counted), so a problem can point at it.</param>
internal readonly record struct TagElement(string Text, int Index);
