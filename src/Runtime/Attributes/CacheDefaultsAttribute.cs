using System;

namespace Caching;

/// <summary>Policy shared by every cached method of a type: key prefix, time to live and jitter.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class CacheDefaultsAttribute : Attribute
{
    /// <summary>Text put before every key of the type, followed by a colon (<c>"shop"</c> gives <c>shop:user:42</c>).</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>Time to live in seconds for methods that set none.</summary>
    public int Ttl { get; set; }

    /// <summary>Jitter in seconds for methods that set none.</summary>
    public int Jitter { get; set; }
}
