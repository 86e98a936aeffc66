using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// Test seam on the shared fills of a <see cref="RedisCacheStore"/>: lets tests force interleavings (every caller
/// joined; a caller arriving between a fill's end and its removal) with gates instead of sleeps. Null in production.
/// </summary>
internal interface IFillObserver
{
    /// <summary>A caller started or joined a fill of <paramref name="key"/>.</summary>
    void Joined(string key);

    /// <summary>Awaited after a fill of <paramref name="key"/> published its result, before it leaves the table.</summary>
    Task EndingAsync(string key);

    /// <summary>A fill of <paramref name="key"/> left the table.</summary>
    void Removed(string key);
}
