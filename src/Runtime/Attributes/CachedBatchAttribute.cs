using System;

namespace Caching;

/// <summary>
/// Marks a <c>partial</c> method that reads many entries at once:
/// <c>Task&lt;IReadOnlyDictionary&lt;TKey, TValue&gt;&gt; GetUsersAsync(IEnumerable&lt;TKey&gt; ids)</c>. The keys are
/// read in one round trip (pipelined, one command per hash slot), the core is called once with the misses only,
/// and the misses are written back in one pipeline with jittered expiries. Duplicate ids are read once; an empty
/// input returns an empty dictionary without touching Redis or the core. Ids the core does not return are not cached.
/// </summary>
/// <example>
/// <code>
/// [CachedBatch(Key = "user:&lt;id&gt;", Ttl = 600)]
/// public partial Task&lt;IReadOnlyDictionary&lt;int, User&gt;&gt; GetUsersAsync(IEnumerable&lt;int&gt; ids);
/// private Task&lt;IReadOnlyDictionary&lt;int, User&gt;&gt; GetUsersCoreAsync(IReadOnlyList&lt;int&gt; ids) =&gt; ...;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CachedBatchAttribute : Attribute
{
    /// <summary>
    /// The key template of one entry; a hole naming the ids parameter, or its singular (<c>&lt;id&gt;</c> for
    /// <c>ids</c>), stands for one id. Give the template of the single-entry <c>[Cached]</c> method to share entries with it.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Time to live in seconds. When 0, the type's <see cref="CacheDefaultsAttribute.Ttl"/> applies.</summary>
    public int Ttl { get; set; }

    /// <summary>The most seconds added at random to <see cref="Ttl"/>; -1 (the default) takes the type's default.</summary>
    public int Jitter { get; set; } = -1;

    /// <summary>The tags of each entry, as on <see cref="CachedAttribute.Tags"/>; holes may name the id.</summary>
    public string[]? Tags { get; set; }

    /// <summary>The name of the method that loads the misses (use <c>nameof</c>); by default <c>&lt;Name&gt;Core</c>.</summary>
    public string? Core { get; set; }
}
