using System.Text.Json.Serialization;

namespace Caching.Resilience.Tests.Cluster;

/// <summary>
/// A row of the cluster scenarios' "database". Every write makes a new version, and the name is derived from the id and
/// the version, so any value a caller gets can be checked: it is real (<see cref="IsWellFormed"/>) and not older than
/// the last write the caller saw acknowledged.
/// </summary>
public sealed record LedgerItem(int Id, int Version, string Name)
{
    /// <summary>The row of <paramref name="id"/> at <paramref name="version"/>.</summary>
    public static LedgerItem At(int id, int version) => new(id, version, $"item{id}v{version}");

    /// <summary>Whether the name is the one of this id and version (a foreign or torn entry would not be).</summary>
    public bool IsWellFormed(int id) => Id == id && Name == $"item{id}v{Version}";
}

/// <summary>The JSON context of the cluster scenarios' repository (its own, so no other folder lists the same type).</summary>
[JsonSerializable(typeof(LedgerItem))]
internal sealed partial class LedgerJson : JsonSerializerContext;
