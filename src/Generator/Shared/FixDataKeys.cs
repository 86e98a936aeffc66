namespace Caching.Generators.Shared;

/// <summary>The names of <see cref="CacheProblem.FixData"/> entries, shared by the rules that write them and the fixes that read them.</summary>
internal static class FixDataKeys
{
    /// <summary>CACHE003: the hole's first name, which names no parameter.</summary>
    public const string UnknownHole = "UnknownHole";

    /// <summary>CACHE003: the names the hole may use, comma-separated.</summary>
    public const string HoleCandidates = "HoleCandidates";

    /// <summary>CACHE017: the type to list in <c>[JsonSerializable(typeof(...))]</c>, <c>global::</c>-qualified.</summary>
    public const string JsonType = "JsonType";

    /// <summary>CACHE010: the effective TTL in seconds, when the problem is a jitter the method sets that is not below it.</summary>
    public const string JitterTtl = "JitterTtl";
}
