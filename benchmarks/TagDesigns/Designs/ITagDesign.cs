using System.Threading.Tasks;

namespace TagDesigns.Designs;

/// <summary>
/// One way of invalidating every entry that carries a tag. Entry <c>i</c> is the same value under every design, so
/// the measured differences are the tags' own cost.
/// </summary>
internal interface ITagDesign
{
    /// <summary>The row label in the tables.</summary>
    string Name { get; }

    /// <summary>What the design keeps besides the entries, and how long it lives.</summary>
    string Bookkeeping { get; }

    /// <summary>Whether <see cref="InvalidateAsync"/> exists (false for the untagged baseline).</summary>
    bool CanInvalidate { get; }

    /// <summary>The keys the design keeps for <paramref name="tag"/> besides the entries.</summary>
    string[] BookkeepingKeys(string tag);

    /// <summary>Stores entries <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> - 1 with <paramref name="tag"/>, pipelined in batches, as cache warming would.</summary>
    Task FillManyAsync(int first, int count, string tag);

    /// <summary>One fill as a cache-aside miss does it: read (a miss), then store. Returns whether it was stored.</summary>
    Task<bool> FillOneAsync(int index, string tag);

    /// <summary>One read of entry <paramref name="index"/> as a tagged reader does it. Returns whether it was a hit.</summary>
    Task<bool> ReadAsync(int index, string tag);

    /// <summary>Invalidates every entry carrying <paramref name="tag"/>.</summary>
    Task InvalidateAsync(string tag);
}
