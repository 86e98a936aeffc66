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
/// <param name="CompressAbove">Bytes above which a payload is compressed; 0 = never.</param>
internal sealed record ExpirySettings(int LocalTtl, int LocalCapacity, int FailSafe, int SoftTimeout, int HardTimeout, double RefreshAhead, int CompressAbove = 0)
{
    public const int DefaultLocalCapacity = 10_000;

    public static readonly ExpirySettings None = new(0, DefaultLocalCapacity, 0, 0, 0, 0);

    /// <summary>
    /// Reads the settings of <paramref name="attribute"/> over the type's <paramref name="defaults"/> (-1 on the
    /// method, or 0 for the capacity, means "the type's"), and adds a CACHE010 problem for each that is invalid, on
    /// the method's argument at fault: the one it sets itself when the conflict involves one, else the attribute.
    /// </summary>
    public static ExpirySettings Read(IMethodSymbol method, AttributeData attribute, AttributeData? defaults, int ttlSeconds, List<CacheProblem> problems)
    {
        // A setting's effective value, whether the method's own argument gave it (a problem then points at it), and
        // whether it was valid (an invalid one is reported here and read as 0, so no other rule reports it again).
        (int Value, bool Own, bool Valid) Int(string name, int inherit, string rule)
        {
            var own = CachedMethodAnalysis.Named(attribute, name) as int? ?? inherit;
            if (own != inherit)
            {
                if (own < 0)
                {
                    Report(name, $"{name} is {own}; {rule}{(inherit == -1 ? " (-1 takes the type's)" : "")}");
                    return (0, true, false);
                }

                return (own, true, true);
            }

            var typeValue = defaults is null ? 0 : CachedMethodAnalysis.Named(defaults, name) as int? ?? 0;
            if (typeValue < 0)
            {
                Report(name, $"[CacheDefaults] {name} is {typeValue}; {rule}");
                return (0, false, false);
            }

            return (typeValue, false, true);
        }

        string Label(string name, bool own) => own ? name : "[CacheDefaults] " + name;

        void Report(string name, string message)
            => problems.Add(CacheProblem.Error(DiagnosticIds.TtlInvalid, ProblemSite.NamedArgument, method.Name, message) with { Attribute = attribute, ArgumentName = name });

        var localTtl = Int("LocalTtl", -1, "it must be a number of seconds, or 0 for no L1");
        var capacity = Int("LocalCapacity", 0, "it must be at least 3, or 0 for the default");
        var failSafe = Int("FailSafe", -1, "it must be a number of seconds, or 0 for none");
        var soft = Int("SoftTimeout", -1, "it must be a number of milliseconds, or 0 to wait for the core");
        var hard = Int("HardTimeout", -1, "it must be a number of milliseconds, or 0 to wait for the core");
        var compressAbove = Int("CompressAbove", -1, "it must be a number of bytes, or 0 for no compression");
        var ownRefresh = CachedMethodAnalysis.Named(attribute, "RefreshAhead") as double? ?? -1;
        var refreshIsOwn = ownRefresh != -1;
        var refresh = refreshIsOwn ? ownRefresh : defaults is null ? 0 : CachedMethodAnalysis.Named(defaults, "RefreshAhead") as double? ?? 0;

        if (capacity.Value is > 0 and < 3)
        {
            Report("LocalCapacity", $"{Label("LocalCapacity", capacity.Own)} is {capacity.Value}; it must be at least 3, or 0 for the default");
        }

        var ownTtl = CachedMethodAnalysis.Named(attribute, "Ttl") as int? is > 0;
        if (ttlSeconds == 0 && localTtl.Value > 0)
        {
            // The store's DefaultTtl is known only at run time, so L1 could outlive what Redis holds.
            Report("LocalTtl", $"{Label("LocalTtl", localTtl.Own)} ({localTtl.Value}) needs a Ttl on the method or its type's [CacheDefaults]; with the store's DefaultTtl, known only at run time, L1 could serve values Redis has already expired");
        }

        if (ttlSeconds > 0 && localTtl.Value > ttlSeconds)
        {
            // Inherited LocalTtl over the method's own shorter Ttl: the Ttl is what the method changed.
            Report(localTtl.Own || !ownTtl ? "LocalTtl" : "Ttl",
                $"{Label("LocalTtl", localTtl.Own)} ({localTtl.Value}) must not exceed Ttl ({ttlSeconds}); L1 would serve values Redis has already expired");
        }

        if (localTtl.Value > 0 && CachedMethodAnalysis.Named(attribute, "TtlFor") is string)
        {
            // L1 entries live LocalTtl whatever TtlFor says: it would keep values the hook says not to cache.
            Report(localTtl.Own ? "LocalTtl" : "TtlFor",
                $"{Label("LocalTtl", localTtl.Own)} ({localTtl.Value}) cannot be used with TtlFor; L1 would keep values for longer than TtlFor allows, or that it says not to cache: set LocalTtl = 0 or remove TtlFor");
        }

        if (failSafe.Value == 0 && failSafe.Valid)
        {
            // A timeout the method sets is at fault; one it inherits, the method's own FailSafe = 0 (when it wrote one).
            var inherited = new List<string>();
            foreach (var (name, timeout) in new[] { ("SoftTimeout", soft), ("HardTimeout", hard) })
            {
                if (timeout.Value > 0 && (timeout.Own || !failSafe.Own))
                {
                    Report(name, $"{Label(name, timeout.Own)} ({timeout.Value} ms) returns a stale value, which exists only with FailSafe; set FailSafe (seconds) or remove the timeout");
                }
                else if (timeout.Value > 0)
                {
                    inherited.Add($"{Label(name, false)} ({timeout.Value} ms)");
                }
            }

            if (inherited.Count > 0)
            {
                Report("FailSafe", $"FailSafe is 0, but {string.Join(" and ", inherited)} {(inherited.Count == 1 ? "returns" : "return")} a stale value, which exists only with FailSafe; set FailSafe (seconds), or set {(inherited.Count == 1 ? "the timeout" : "the timeouts")} to 0 on this method");
            }
        }

        if (soft.Value > 0 && hard.Value > 0 && soft.Value >= hard.Value)
        {
            Report(soft.Own || !hard.Own ? "SoftTimeout" : "HardTimeout",
                $"{Label("SoftTimeout", soft.Own)} ({soft.Value} ms) must be less than {Label("HardTimeout", hard.Own)} ({hard.Value} ms); the hard timeout is the longest wait");
        }

        if (!(refresh == 0 || (refresh > 0 && refresh < 1)))
        {
            Report("RefreshAhead", $"{Label("RefreshAhead", refreshIsOwn)} is {refresh.ToString(CultureInfo.InvariantCulture)}; it must be 0 (off) or a fraction of the TTL above 0 and below 1, such as 0.8");
            refresh = 0;
        }

        return new ExpirySettings(localTtl.Value, capacity.Value == 0 ? DefaultLocalCapacity : capacity.Value, failSafe.Value, soft.Value, hard.Value, refresh, compressAbove.Value);
    }
}
