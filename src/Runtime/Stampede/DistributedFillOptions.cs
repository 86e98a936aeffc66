using System;

namespace Caching;

/// <summary>
/// Distributed single-flight (<c>docs/design/stampede.md</c>, "Across processes"): concurrent misses on one key in
/// several processes call the core once between them. The process whose fill takes a short Redis lock
/// (<c>SET &lt;key&gt;#fill &lt;token&gt; NX PX</c>) calls the core, stores the value and releases the lock; the others
/// poll the entry until it appears, then return it without calling their core. Off by default: it costs a lock and
/// its release on every cold miss, and it only pays when a core is expensive and many processes miss together.
/// </summary>
/// <remarks>
/// Only <c>GetOrCreateAsync</c> uses it. The synchronous <c>GetOrCreate</c> would block a thread while it waits,
/// <c>RefreshAsync</c> must run its own core (it may never return a value older than its start), and batches call
/// the core once per batch already.
/// </remarks>
public sealed class DistributedFillOptions
{
    /// <summary>Whether misses take the lock and wait for each other across processes. False by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// How long a lock lives if its holder never releases it (the process died, or lost Redis). A core slower than
    /// this lets another process take the lock and call its own core, so set it above the slowest core; between
    /// 1 ms and 1 day. 10 seconds by default.
    /// </summary>
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest a process waits for another process's fill before it calls the core itself; between 1 ms and
    /// 1 day. 5 seconds by default.
    /// </summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a waiting process reads the entry and checks the lock: each poll is two Redis round trips. At least
    /// 1 ms and at most <see cref="WaitTimeout"/>. 25 ms by default.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(25);
}
