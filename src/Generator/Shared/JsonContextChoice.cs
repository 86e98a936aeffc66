using System.Collections.Generic;
using System.Linq;

namespace Caching.Generators.Shared;

/// <summary>
/// Chooses the System.Text.Json context for a cached type: the one named by
/// <c>[assembly: CacheSerializerContext]</c> when there is one, otherwise the first (by name) that lists the type.
/// Works on type names, so the generator's incremental step and the analyzer share it.
/// </summary>
internal static class JsonContextChoice
{
    /// <param name="type">The cached type, <c>global::</c>-qualified, without nullable annotations.</param>
    /// <param name="contexts">Each context and the types it lists.</param>
    /// <param name="preferred">The context named by the assembly attribute, or null.</param>
    /// <param name="problem">Why none fits, when it returns null.</param>
    public static string? Choose(string type, IEnumerable<(string Context, IEnumerable<string> Covered)> contexts, string? preferred, out string? problem)
    {
        problem = null;
        var all = contexts.GroupBy(c => c.Context).Select(g => (Context: g.Key, Covered: new HashSet<string>(g.SelectMany(c => c.Covered)))).ToList();
        if (preferred is not null)
        {
            if (all.Any(c => c.Context == preferred && c.Covered.Contains(type)))
            {
                return preferred;
            }

            problem = $"add [JsonSerializable(typeof({Short(type)}))] to '{Short(preferred)}', the context named by [assembly: CacheSerializerContext]";
            return null;
        }

        var covering = all.Where(c => c.Covered.Contains(type)).Select(c => c.Context).OrderBy(c => c, System.StringComparer.Ordinal).FirstOrDefault();
        if (covering is not null)
        {
            return covering;
        }

        problem = all.Count == 0
            ? $"declare a 'partial class AppJson : JsonSerializerContext' with [JsonSerializable(typeof({Short(type)}))]"
            : $"add [JsonSerializable(typeof({Short(type)}))] to '{Short(all.OrderBy(c => c.Context, System.StringComparer.Ordinal).First().Context)}'";
        return null;
    }

    private static string Short(string type) => type.StartsWith("global::", System.StringComparison.Ordinal) ? type.Substring(8) : type;
}
