using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TagDesigns.Measuring;

/// <summary>
/// Command calls by name, and the server time they took. Commands a Lua script runs are counted under their own
/// names too (a fill's EVALSHA shows as EVALSHA, GET and SET).
/// </summary>
internal sealed record CommandCounts(IReadOnlyDictionary<string, long> Calls, long ServerMicroseconds)
{
    public long Total => Calls.Values.Sum();

    public override string ToString() => string.Join(" ", Calls.Select(c => $"{c.Key.ToUpperInvariant()}×{c.Value}"));

    /// <summary>The calls per operation, for <paramref name="operations"/> operations: <c>GET×2 EVALSHA×1</c>.</summary>
    public string PerOperation(int operations)
        => Total == 0 ? "none" : string.Join(" ", Calls.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key.ToUpperInvariant()}×{(double)c.Value / operations:0.##}")));
}
