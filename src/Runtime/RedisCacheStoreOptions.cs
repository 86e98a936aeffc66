using System;

namespace Caching;

/// <summary>Settings of a <see cref="RedisCacheStore"/>.</summary>
public sealed class RedisCacheStoreOptions
{
    /// <summary>
    /// An application prefix put before every key, so that several applications can share one Redis and an ACL
    /// can confine this one to its keys (<c>"myapp"</c> gives <c>myapp:shop:user:42…</c>). Empty for none; a
    /// colon is added when missing.
    /// </summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>The Redis database number; -1 for the multiplexer's default.</summary>
    public int Database { get; set; } = -1;

    /// <summary>
    /// How long an asynchronous call waits for Redis before it treats the cache as unavailable and lets the core
    /// answer. Independent of the core's own duration. Synchronous calls use the multiplexer's <c>SyncTimeout</c>.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for logical expiry; replaceable in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
