using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.TestSupport;

/// <summary>
/// A TCP proxy on 127.0.0.1 between a client and a server (a redis-server of the test), that adds faults on command:
/// latency, a black hole (a hung server), dropped connections, connections reset with an RST, a reply cut in the
/// middle. <c>tc netem</c> and toxiproxy are not available on the test machines. Modes switch at any time; all I/O
/// is asynchronous (no thread per connection), and <see cref="DisposeAsync"/> closes everything and awaits it.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int BindAttempts = 10;

    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    // Open connections and the task running each, so that modes reach every one and disposal awaits them all.
    private readonly Dictionary<ProxiedConnection, Task> _connections = new();
    private readonly Task _acceptLoop;
    // Connects to the target still running, so disposal waits for them too. Guarded by _gate.
    private readonly HashSet<Task> _connecting = new();

    private volatile FaultMode _mode = FaultMode.Pass;
    private long _latencyTicks;
    // CutNextReply: armed with a byte budget until a server→client chunk claims it; then the budget belongs to that
    // connection until it is spent. Guarded by _gate.
    private int? _cutArmed;
    private ProxiedConnection? _cutOwner;
    private int _cutRemaining;

    private long _accepted;
    private long _cutReplies;
    private long _bytesClientToServer;
    private long _bytesServerToClient;
    private int _disposed;

    private FaultProxy(Socket listener, IPEndPoint target)
    {
        _listener = listener;
        _target = target;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The TCP port the proxy listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c> of the proxy, for a StackExchange.Redis configuration.</summary>
    public string Endpoint => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>How many client connections are open now.</summary>
    public int OpenConnections
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>How many client connections were accepted, including those closed at once by <see cref="Drop"/>.</summary>
    public long AcceptedConnections => Interlocked.Read(ref _accepted);

    /// <summary>How many connections <see cref="CutNextReply"/> cut (each after forwarding its budget).</summary>
    public long CutReplies => Interlocked.Read(ref _cutReplies);

    /// <summary>Bytes forwarded from clients to the server (not those discarded by a black hole).</summary>
    public long BytesClientToServer => Interlocked.Read(ref _bytesClientToServer);

    /// <summary>Bytes forwarded from the server to clients (not those discarded by a black hole).</summary>
    public long BytesServerToClient => Interlocked.Read(ref _bytesServerToClient);

    /// <summary>Starts a proxy on a free 127.0.0.1 port that forwards each connection to <paramref name="target"/>.</summary>
    public static FaultProxy Start(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPorts.Pick(withClusterBus: false);
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
                listener.Listen(128);
                return new FaultProxy(listener, target);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < BindAttempts)
            {
                // Taken between the check and the bind; try another.
                listener.Dispose();
            }
            catch
            {
                listener.Dispose();
                throw;
            }
        }
    }

    /// <summary>Starts a proxy in front of <paramref name="server"/>.</summary>
    public static FaultProxy Start(RedisServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return Start(new IPEndPoint(IPAddress.Loopback, server.Port));
    }

    /// <summary>Forwards every byte at once. Connections black-holed before are closed: bytes they lost put them out of step.</summary>
    public void Pass() => Switch(FaultMode.Pass, TimeSpan.Zero);

    /// <summary>Delays each chunk forwarded, in either direction, by <paramref name="delay"/>.</summary>
    public void Latency(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Switch(FaultMode.Latency, delay);
    }

    /// <summary>A hung server: connections stay open and new ones are accepted, but every byte is read and discarded.</summary>
    public void BlackHole() => Switch(FaultMode.BlackHole, TimeSpan.Zero);

    /// <summary>A server that is gone: open connections are closed, and new ones are accepted and closed at once.</summary>
    public void Drop()
    {
        Switch(FaultMode.Drop, TimeSpan.Zero);
        CloseAll(reset: false, onlyDiscarded: false);
    }

    /// <summary>Aborts every open connection with an RST; the mode stays as it is, so clients may connect again.</summary>
    public void Reset() => CloseAll(reset: true, onlyDiscarded: false);

    /// <summary>
    /// Cuts the next reply: the next server→client data, on whichever connection it comes, is forwarded only up to
    /// <paramref name="bytes"/> bytes, then that connection is closed.
    /// </summary>
    public void CutNextReply(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            _cutArmed = bytes;
        }
    }

    /// <summary>Stops listening, closes every connection and waits until every pump has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        Task[] connecting;
        lock (_gate)
        {
            connecting = [.. _connecting];
        }

        await Task.WhenAll(connecting).ConfigureAwait(false);
        CloseAll(reset: false, onlyDiscarded: false);
        Task[] running;
        lock (_gate)
        {
            running = [.. _connections.Values];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        lock (_gate)
        {
            _connections.Clear(); // kept until now only so that their pumps were awaited
        }

        _stop.Dispose();
    }

    /// <summary>What a pump does with the <paramref name="read"/> bytes it just read; called once per chunk.</summary>
    internal ChunkDecision Decide(ProxiedConnection connection, ProxyDirection direction, int read)
    {
        var mode = _mode;
        if (mode == FaultMode.BlackHole)
        {
            return new ChunkDecision(Discard: true, TimeSpan.Zero, 0, CloseAfter: false);
        }

        if (mode == FaultMode.Drop)
        {
            return new ChunkDecision(Discard: false, TimeSpan.Zero, 0, CloseAfter: true);
        }

        var delay = mode == FaultMode.Latency ? TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks)) : TimeSpan.Zero;
        if (direction == ProxyDirection.ServerToClient)
        {
            lock (_gate)
            {
                if (_cutOwner is null && _cutArmed is { } budget)
                {
                    _cutArmed = null;
                    _cutOwner = connection;
                    _cutRemaining = budget;
                }

                if (_cutOwner == connection)
                {
                    var forward = Math.Min(read, _cutRemaining);
                    _cutRemaining -= forward;
                    var cut = _cutRemaining == 0;
                    if (cut)
                    {
                        _cutOwner = null;
                        _cutReplies++;
                    }

                    return new ChunkDecision(Discard: false, delay, forward, CloseAfter: cut);
                }
            }
        }

        return new ChunkDecision(Discard: false, delay, read, CloseAfter: false);
    }

    /// <summary>Counts bytes a pump forwarded.</summary>
    internal void Count(ProxyDirection direction, int bytes)
        => Interlocked.Add(ref direction == ProxyDirection.ClientToServer ? ref _bytesClientToServer : ref _bytesServerToClient, bytes);

    /// <summary>Forgets a connection that closed (its task is awaited by whoever holds it, or has ended).</summary>
    internal void OnClosed(ProxiedConnection connection)
    {
        lock (_gate)
        {
            if (_disposed == 0)
            {
                _connections.Remove(connection);
            }

            if (_cutOwner == connection)
            {
                _cutOwner = null; // closed before its budget was spent: the cut happened anyway
                _cutReplies++;
            }
        }
    }

    private void Switch(FaultMode mode, TimeSpan latency)
    {
        var leftBlackHole = _mode == FaultMode.BlackHole && mode != FaultMode.BlackHole;
        Interlocked.Exchange(ref _latencyTicks, latency.Ticks);
        _mode = mode;
        if (leftBlackHole)
        {
            CloseAll(reset: false, onlyDiscarded: true);
        }
    }

    private void CloseAll(bool reset, bool onlyDiscarded)
    {
        ProxiedConnection[] open;
        lock (_gate)
        {
            open = [.. _connections.Keys];
        }

        foreach (var connection in open)
        {
            if (!onlyDiscarded || connection.Discarded)
            {
                connection.Close(reset);
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }

                continue; // one failed accept (a client gone before it was accepted) does not stop the proxy
            }

            Interlocked.Increment(ref _accepted);
            client.NoDelay = true;
            if (_mode == FaultMode.Drop)
            {
                try
                {
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // The client is gone already: closing is all that is left.
                }

                client.Close();
                continue;
            }

            // Connected on the side, so a slow target never holds up the next accept.
            var connecting = ConnectAsync(client, token);
            lock (_gate)
            {
                _connecting.RemoveWhere(static t => t.IsCompleted);
                _connecting.Add(connecting);
            }
        }
    }

    private async Task ConnectAsync(Socket client, CancellationToken token)
    {
        var connection = await ProxiedConnection.ConnectAsync(this, client, _target, token).ConfigureAwait(false);
        if (connection is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed == 0 && _mode != FaultMode.Drop)
            {
                // Registered before the pumps start, so that a close (which unregisters) always follows the add.
                var run = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
                _connections.Add(connection, run.Task.Unwrap());
                run.SetResult(connection.RunAsync());
                return;
            }
        }

        connection.Close(reset: false);
        await connection.RunAsync().ConfigureAwait(false);
    }
}
