namespace Caching.TestSupport;

/// <summary>Which way a pump of a <see cref="FaultProxy"/> connection carries bytes.</summary>
internal enum ProxyDirection
{
    /// <summary>From the client to the server: commands.</summary>
    ClientToServer,

    /// <summary>From the server to the client: replies.</summary>
    ServerToClient,
}
