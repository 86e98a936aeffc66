using System.Collections.Generic;
using System.Linq;
using Caching.Generators.Shared;

namespace Caching.Generators.Model;

/// <summary>
/// Builds the cache manifest from the models of the generated methods: one entry per method, then the links between
/// the writes and the reads they invalidate, matched as the generated code matches them.
/// </summary>
internal static class ManifestEntries
{
    public static ManifestEntryModel From(CachedMethodModel method)
        => Read(method.DisplayName, method.MethodName, ManifestKind.Cached, method.Key, method.Tags, method.TtlSeconds, method.JitterSeconds,
            method.Local?.TtlSeconds ?? 0, method.FailSafeSeconds);

    public static ManifestEntryModel From(BatchMethodModel method)
        => Read(method.DisplayName, method.MethodName, ManifestKind.CachedBatch, method.Key, method.Tags, method.TtlSeconds, method.JitterSeconds, 0, 0);

    public static ManifestEntryModel From(WriteMethodModel method)
    {
        var name = Unescape(method.MethodName);
        var kind = method.Kind switch
        {
            WriteKind.Through => ManifestKind.WriteThrough,
            WriteKind.Behind => ManifestKind.WriteBehind,
            _ => method.InvalidatedKeys.Count > 0 ? ManifestKind.Invalidates : ManifestKind.InvalidatesTag,
        };
        var stored = method.Stored;
        return new ManifestEntryModel(
            DeclaringType(method.DisplayName, name), name, kind,
            stored?.Key.Template, stored is null ? null : FullKey(stored.Key), stored?.Key.Shape, stored?.Key.Suffix,
            stored?.TtlSeconds ?? 0, stored?.JitterSeconds ?? 0, 0, 0,
            stored is null ? EquatableArray<string>.Empty : stored.Tags.Select(t => t.Template).ToEquatableArray(),
            method.InvalidatedKeys.Select(k => new ManifestKeyModel(k.Template, FullKey(k), k.Shape)).ToEquatableArray(),
            method.InvalidatedTags.Select(t => t.Template).ToEquatableArray(),
            EquatableArray<ManifestLinkModel>.Empty, EquatableArray<ManifestLinkModel>.Empty);
    }

    /// <summary>Sorts the entries (type, method, kind, key: ordinal, never discovery order) and fills in their links.</summary>
    public static ManifestModel Link(IEnumerable<ManifestEntryModel> entries)
    {
        var sorted = entries
            .OrderBy(e => e.DeclaringType, System.StringComparer.Ordinal)
            .ThenBy(e => e.Method, System.StringComparer.Ordinal)
            .ThenBy(e => e.Kind)
            .ThenBy(e => e.Key, System.StringComparer.Ordinal)
            .ToList();
        // Lists by index, not by entry: two overloads can have equal entries.
        var links = sorted.Select(_ => new List<ManifestLinkModel>()).ToList();
        for (var w = 0; w < sorted.Count; w++)
        {
            for (var r = 0; r < sorted.Count; r++)
            {
                if (IsRead(sorted[w]) || !IsRead(sorted[r]))
                {
                    continue;
                }

                var (write, read) = (sorted[w], sorted[r]);
                foreach (var (kind, template) in Matches(write, read))
                {
                    links[r].Add(new ManifestLinkModel(write.DeclaringType, write.Method, kind, template));
                    links[w].Add(new ManifestLinkModel(read.DeclaringType, read.Method, kind, template));
                }
            }
        }

        return new ManifestModel(sorted
            .Select((e, i) => IsRead(e) ? e with { InvalidatedBy = Sorted(links[i]) } : e with { Invalidates = Sorted(links[i]) })
            .ToEquatableArray());
    }

    // How a write reaches a read, as the generated code does it: a deleted key of the same shape (every schema hash
    // goes), an overwritten key of the same shape and schema, or an invalidated tag that lines up with an attached one.
    private static IEnumerable<(ManifestLinkKind Kind, string Template)> Matches(ManifestEntryModel write, ManifestEntryModel read)
    {
        foreach (var key in write.InvalidatedKeys.Where(k => k.Shape == read.KeyShape))
        {
            yield return (ManifestLinkKind.Key, key.Template);
        }

        if (write.KeyShape is not null && write.KeyShape == read.KeyShape && write.KeySuffix == read.KeySuffix)
        {
            yield return (ManifestLinkKind.Write, write.KeyTemplate!);
        }

        foreach (var tag in write.InvalidatedTags.Where(t => read.Tags.Any(attached => TagTemplateMatch.CanMatch(t, attached))))
        {
            yield return (ManifestLinkKind.Tag, tag);
        }
    }

    private static bool IsRead(ManifestEntryModel entry) => entry.Kind is ManifestKind.Cached or ManifestKind.CachedBatch;

    private static EquatableArray<ManifestLinkModel> Sorted(List<ManifestLinkModel> links)
        => links.Distinct()
            .OrderBy(l => l.DeclaringType, System.StringComparer.Ordinal)
            .ThenBy(l => l.Method, System.StringComparer.Ordinal)
            .ThenBy(l => l.Kind)
            .ThenBy(l => l.Template, System.StringComparer.Ordinal)
            .ToEquatableArray();

    private static ManifestEntryModel Read(
        string displayName, string methodName, ManifestKind kind, KeyMethodModel key, EquatableArray<KeyMethodModel> tags,
        int ttl, int jitter, int localTtl, int failSafe)
    {
        var name = Unescape(methodName);
        return new ManifestEntryModel(
            DeclaringType(displayName, name), name, kind, key.Template, FullKey(key), key.Shape, key.Suffix,
            ttl, jitter, localTtl, failSafe,
            tags.Select(t => t.Template).ToEquatableArray(),
            EquatableArray<ManifestKeyModel>.Empty, EquatableArray<string>.Empty,
            EquatableArray<ManifestLinkModel>.Empty, EquatableArray<ManifestLinkModel>.Empty);
    }

    // The type prefix written as template text (a literal angle bracket doubled), then the template, then the suffix.
    private static string FullKey(KeyMethodModel key)
        => key.LiteralPrefix.Replace("<", "<<").Replace(">", ">>") + key.Template + (key.SuffixParameter ? "" : key.Suffix);

    // DisplayName is the containing type as C# displays it, a dot, and the method's name.
    private static string DeclaringType(string displayName, string method)
        => displayName.Substring(0, displayName.Length - method.Length - 1);

    private static string Unescape(string name) => name.StartsWith("@", System.StringComparison.Ordinal) ? name.Substring(1) : name;
}
