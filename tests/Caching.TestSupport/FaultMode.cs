namespace Caching.TestSupport;

/// <summary>What a <see cref="FaultProxy"/> does with the bytes and connections it carries.</summary>
internal enum FaultMode
{
    /// <summary>Forward every byte both ways at once.</summary>
    Pass,

    /// <summary>Forward every byte both ways, each chunk after a delay.</summary>
    Latency,

    /// <summary>Keep connections open, read and discard every byte: a hung server.</summary>
    BlackHole,

    /// <summary>Close every connection, and each new one as soon as it is accepted: a server that is gone.</summary>
    Drop,
}
