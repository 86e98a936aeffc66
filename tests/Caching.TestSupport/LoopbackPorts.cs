using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace Caching.TestSupport;

/// <summary>
/// Picks loopback ports for test Redis servers. Port 0 is not used because the kernel may then pick a port above
/// 55535, where a cluster node's bus port (port + 10000) would not exist. A picked port is only probably free: the
/// callers retry when redis-server reports it taken.
/// </summary>
internal static class LoopbackPorts
{
    private const int Lowest = 20000;
    private const int Highest = 55535;
    private const int ClusterBusOffset = 10000;

    // Ports handed out by this process, so that parallel fixtures never race each other for one.
    private static readonly HashSet<int> Handed = new();

    /// <summary>A port that is free now; with <paramref name="withClusterBus"/>, port + 10000 is free too.</summary>
    public static int Pick(bool withClusterBus)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest + 1);
            lock (Handed)
            {
                if (Handed.Contains(port) || (withClusterBus && Handed.Contains(port + ClusterBusOffset)))
                {
                    continue;
                }

                if (!IsFree(port) || (withClusterBus && !IsFree(port + ClusterBusOffset)))
                {
                    continue;
                }

                Handed.Add(port);
                if (withClusterBus)
                {
                    Handed.Add(port + ClusterBusOffset);
                }

                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port found between {Lowest} and {Highest}.");
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
