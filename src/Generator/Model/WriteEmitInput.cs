using System.Collections.Generic;
using System.Linq;
using Caching.Generators.Shared;

namespace Caching.Generators.Model;

/// <summary>
/// A write method with what the collected steps tell about it: the JSON context of each type it serializes, and
/// the schema hashes of the cached keys each of its invalidations matches. Value-equal, so it stays cached.
/// </summary>
internal sealed record WriteEmitInput(
    WriteMethodModel Model,
    EquatableArray<TypeContext> Contexts,
    EquatableArray<InvalidatedSchemas> Invalidated)
{
    /// <summary>Whether every JSON type has a context; without one, CACHE017 is reported and nothing is generated.</summary>
    public bool IsComplete => Contexts.All(c => c.Context is not null);

    public static WriteEmitInput Create(WriteMethodModel model, EquatableArray<JsonContextModel> contexts, string? preferred, EquatableArray<CachedShapeModel> shapes)
    {
        var covered = contexts.Select(c => (c.Name, (IEnumerable<string>)c.CoveredTypes));
        var chosen = model.JsonTypes.Select(t => new TypeContext(t, JsonContextChoice.Choose(t, covered, preferred, out _))).ToEquatableArray();
        var invalidated = model.InvalidatedKeys
            .Select(k => new InvalidatedSchemas(shapes.Where(s => s.Shape == k.Shape).Select(s => s.SchemaHash).Distinct().OrderBy(h => h).ToEquatableArray()))
            .ToEquatableArray();
        return new WriteEmitInput(model, chosen, invalidated);
    }

    public IReadOnlyDictionary<string, string> JsonContexts() => Contexts.ToDictionary(c => c.Type, c => c.Context!);

    public IReadOnlyList<IReadOnlyList<uint>> InvalidatedSchemas() => Invalidated.Select(i => (IReadOnlyList<uint>)i.SchemaHashes.ToList()).ToList();
}

/// <summary>A type and the JSON context chosen for it, or null when none covers it.</summary>
internal sealed record TypeContext(string Type, string? Context);

/// <summary>The schema hashes of the cached keys one invalidated key template matches; empty when none does.</summary>
internal sealed record InvalidatedSchemas(EquatableArray<uint> SchemaHashes);
