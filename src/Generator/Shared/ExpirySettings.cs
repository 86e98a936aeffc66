using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>The effective L1, fail-safe, timeout and refresh-ahead settings of a <c>[Cached]</c> method.</summary>
/// <param name="LocalTtl">L1 seconds; 0 = no L1.</param>
/// <param name="LocalCapacity">L1 entries per store.</param>
/// <param name="FailSafe">Fail-safe seconds; 0 = off.</param>
/// <param name="SoftTimeout">Milliseconds; 0 = none.</param>
/// <param name="HardTimeout">Milliseconds; 0 = none.</param>
/// <param name="RefreshAhead">Fraction of the TTL; 0 = off.</param>
internal sealed record ExpirySettings(int LocalTtl, int LocalCapacity, int FailSafe, int SoftTimeout, int HardTimeout, double RefreshAhead)
{
    public const int DefaultLocalCapacity = 10_000;

    public static readonly ExpirySettings None = new(0, DefaultLocalCapacity, 0, 0, 0, 0);

    /// <summary>
    /// Reads the settings of <paramref name="attribute"/> over the type's <paramref name="defaults"/> (-1 on the
    /// method, or 0 for the capacity, means "the type's"), and adds a CACHE010 problem, on the argument at fault, for
    /// each that is invalid.
    /// </summary>
    public static ExpirySettings Read(IMethodSymbol method, AttributeData attribute, AttributeData? defaults, int ttlSeconds, List<CacheProblem> problems)
    {
        int Int(string name, int inherit)
        {
            var own = CachedMethodAnalysis.Named(attribute, name) as int? ?? inherit;
            var typeValue = defaults is null ? 0 : CachedMethodAnalysis.Named(defaults, name) as int? ?? 0;
            if (own < inherit || typeValue < 0)
            {
                Report(name, $"{name} is negative; use 0 to turn it off");
                return 0;
            }

            return own != inherit ? own : typeValue;
        }

        void Report(string name, string message)
            => problems.Add(CacheProblem.Error(DiagnosticIds.TtlInvalid, ProblemSite.NamedArgument, method.Name, message) with { Attribute = attribute, ArgumentName = name });

        var localTtl = Int("LocalTtl", -1);
        var capacity = Int("LocalCapacity", 0);
        var failSafe = Int("FailSafe", -1);
        var soft = Int("SoftTimeout", -1);
        var hard = Int("HardTimeout", -1);
        var ownRefresh = CachedMethodAnalysis.Named(attribute, "RefreshAhead") as double? ?? -1;
        var refresh = ownRefresh != -1 ? ownRefresh : defaults is null ? 0 : CachedMethodAnalysis.Named(defaults, "RefreshAhead") as double? ?? 0;

        if (capacity is > 0 and < 3)
        {
            Report("LocalCapacity", $"LocalCapacity is {capacity}; it must be at least 3 (0 takes the default, 10,000)");
        }

        if (ttlSeconds > 0 && localTtl > ttlSeconds)
        {
            Report("LocalTtl", $"LocalTtl ({localTtl}) must not exceed Ttl ({ttlSeconds}); L1 would serve values Redis has already expired");
        }

        if ((soft > 0 || hard > 0) && failSafe == 0)
        {
            Report(soft > 0 ? "SoftTimeout" : "HardTimeout",
                $"{(soft > 0 ? "SoftTimeout" : "HardTimeout")} returns a stale value, which exists only with FailSafe; set FailSafe (seconds) or remove the timeout");
        }

        if (soft > 0 && hard > 0 && soft >= hard)
        {
            Report("SoftTimeout", $"SoftTimeout ({soft} ms) must be less than HardTimeout ({hard} ms)");
        }

        if (!(refresh == 0 || (refresh > 0 && refresh < 1)))
        {
            Report("RefreshAhead", $"RefreshAhead is {refresh.ToString(CultureInfo.InvariantCulture)}; it must be 0 (off) or a fraction of the TTL above 0 and below 1, such as 0.8");
            refresh = 0;
        }

        return new ExpirySettings(localTtl, capacity == 0 ? DefaultLocalCapacity : capacity, failSafe, soft, hard, refresh);
    }
}
