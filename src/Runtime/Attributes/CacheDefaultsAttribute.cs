using System;

namespace Caching;

/// <summary>Policy shared by every cached method of a type: key prefix, time to live, jitter, L1, fail-safe and timeouts.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class CacheDefaultsAttribute : Attribute
{
    /// <summary>Text put before every key of the type, followed by a colon (<c>"shop"</c> gives <c>shop:user:42</c>).</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>Time to live in seconds for methods that set none.</summary>
    public int Ttl { get; set; }

    /// <summary>Jitter in seconds for methods that set none.</summary>
    public int Jitter { get; set; }
    /// <summary>L1 seconds for methods that set none (<see cref="CachedAttribute.LocalTtl"/>); 0, the default, is no L1.</summary>
    public int LocalTtl { get; set; }

    /// <summary>The most L1 entries per method and store for methods that set none; 0 is 10,000.</summary>
    public int LocalCapacity { get; set; }

    /// <summary>Fail-safe seconds for methods that set none (<see cref="CachedAttribute.FailSafe"/>); 0 is off.</summary>
    public int FailSafe { get; set; }

    /// <summary>Soft timeout in milliseconds for methods that set none (<see cref="CachedAttribute.SoftTimeout"/>); 0 is none.</summary>
    public int SoftTimeout { get; set; }

    /// <summary>Hard timeout in milliseconds for methods that set none (<see cref="CachedAttribute.HardTimeout"/>); 0 is none.</summary>
    public int HardTimeout { get; set; }

    /// <summary>Refresh-ahead fraction for methods that set none (<see cref="CachedAttribute.RefreshAhead"/>); 0 is off.</summary>
    public double RefreshAhead { get; set; }

    /// <summary>Compression threshold in bytes for methods that set none (<see cref="CachedAttribute.CompressAbove"/>); 0 is off.</summary>
    public int CompressAbove { get; set; }
}
