using System.Collections.Generic;
using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;

namespace Caching.Generators.Parsing;

/// <summary>Turns resolved templates into <see cref="KeyMethodModel"/>s.</summary>
internal static class KeyModels
{
    /// <summary>A key of the method: store prefix, type prefix, template, suffix.</summary>
    public static KeyMethodModel Key(string name, EquatableArray<ParameterModel> parameters, string typePrefix, ResolvedTemplate template, string suffix, bool suffixParameter = false)
        => new(name, parameters, typePrefix, Parts(template).ToEquatableArray(), suffix, WithStorePrefix: true, suffixParameter, typePrefix + template.Shape, template.Text);

    /// <summary>A tag name: the template alone; the store adds its prefix.</summary>
    public static KeyMethodModel Tag(string name, EquatableArray<ParameterModel> parameters, ResolvedTemplate template)
        => new(name, parameters, "", Parts(template).ToEquatableArray(), "", WithStorePrefix: false, SuffixParameter: false, template.Shape, template.Text);

    public static EquatableArray<KeyMethodModel> Tags(string memberPrefix, EquatableArray<ParameterModel> parameters, IEnumerable<ResolvedTemplate> tags)
        => tags.Select((t, i) => Tag(memberPrefix + "_Tag" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), parameters, t)).ToEquatableArray();

    private static IEnumerable<KeyPartModel> Parts(ResolvedTemplate template)
    {
        var holes = template.Holes.GetEnumerator();
        foreach (var part in template.Parts)
        {
            if (!part.IsHole)
            {
                yield return new KeyPartModel(part.Literal, null, HoleKind.String, null, false);
                continue;
            }

            holes.MoveNext();
            var hole = holes.Current;
            yield return new KeyPartModel(null, hole.Expression, hole.Kind, hole.Format, hole.IsNullableValue);
        }
    }
}
