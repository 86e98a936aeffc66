using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Linq;

namespace Caching;

/// <summary>
/// The cached, written and invalidating methods of an application, as the generator saw them at compile time: keys,
/// TTLs, tags, and which methods invalidate which. Each compiled assembly with generated methods registers its own
/// manifest from a module initializer (no reflection, no assembly scanning); <see cref="Current"/> merges them.
/// </summary>
/// <remarks>
/// A module initializer runs when its assembly is loaded: the application's own assembly before <c>Main</c>, a
/// library the first time one of its types is used. Serve it with <see cref="ToJson"/>, for example
/// <c>app.MapGet("/diagnostics/cache", () =&gt; Results.Text(CacheManifest.Current.ToJson(), "application/json"))</c>.
/// </remarks>
public sealed partial class CacheManifest
{
    private static readonly object Gate = new();
    private static readonly List<CacheManifest> Registered = [];
    private static CacheManifest? _current;

    /// <summary>Creates a manifest of <paramref name="entries"/>, ordered by type, method and kind whatever their order here.</summary>
    /// <param name="entries">The methods.</param>
    public CacheManifest(IEnumerable<CacheManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = Array.AsReadOnly(entries
            .OrderBy(e => e.DeclaringType, StringComparer.Ordinal)
            .ThenBy(e => e.Method, StringComparer.Ordinal)
            .ThenBy(e => e.Kind)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToArray());
    }

    /// <summary>The methods, ordered by declaring type, then method name (ordinal), then kind.</summary>
    public IReadOnlyList<CacheManifestEntry> Entries { get; }

    /// <summary>An empty manifest.</summary>
    public static CacheManifest Empty { get; } = new([]);

    /// <summary>
    /// Every registered manifest merged into one, in a stable order (see <see cref="Entries"/>) that does not depend on
    /// the order in which assemblies were loaded. <see cref="Empty"/> until a generated assembly registers.
    /// </summary>
    public static CacheManifest Current
    {
        get
        {
            lock (Gate)
            {
                return _current ??= Registered.Count == 0 ? Empty : new CacheManifest(Registered.SelectMany(m => m.Entries));
            }
        }
    }

    /// <summary>Adds an assembly's manifest to <see cref="Current"/>; called by the generated module initializer.</summary>
    /// <param name="manifest">The assembly's manifest.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(CacheManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        lock (Gate)
        {
            Registered.Add(manifest);
            _current = null;
        }
    }

    /// <summary>Removes a registered manifest; for tests that register their own.</summary>
    /// <param name="manifest">A manifest passed to <see cref="Register"/>.</param>
    /// <returns>Whether it was registered.</returns>
    internal static bool Unregister(CacheManifest manifest)
    {
        lock (Gate)
        {
            _current = null;
            return Registered.Remove(manifest);
        }
    }
}
