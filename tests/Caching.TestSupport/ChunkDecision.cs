using System;

namespace Caching.TestSupport;

/// <summary>What a <see cref="ProxiedConnection"/> pump does with one chunk it read, as its <see cref="FaultProxy"/> decided.</summary>
/// <param name="Discard">Drop the chunk (black hole).</param>
/// <param name="Delay">Wait this long before forwarding it (latency).</param>
/// <param name="Forward">How many of its bytes to forward (fewer than read when a reply is cut).</param>
/// <param name="CloseAfter">Close the connection once they are forwarded (a reply cut in the middle).</param>
internal readonly record struct ChunkDecision(bool Discard, TimeSpan Delay, int Forward, bool CloseAfter);
