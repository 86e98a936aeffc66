using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.TestSupport;

/// <summary>
/// One client connection of a <see cref="FaultProxy"/> and its connection to the target: two asynchronous pumps,
/// one per direction, that ask the proxy what to do with each chunk. When either side ends, or the proxy closes it,
/// both sockets are closed and both pumps end.
/// </summary>
internal sealed class ProxiedConnection
{
    private const int ChunkSize = 16 * 1024;

    private readonly FaultProxy _proxy;
    private readonly Socket _client;
    private readonly Socket _server;
    private readonly CancellationTokenSource _stop = new();
    private int _closed;
    private int _discarded;

    public ProxiedConnection(FaultProxy proxy, Socket client, Socket server)
    {
        _proxy = proxy;
        _client = client;
        _server = server;
    }

    /// <summary>
    /// Whether this connection dropped bytes (black-holed): its streams are out of step for good, so the proxy closes
    /// it when the black hole ends, as a hung server's connections are eventually torn down.
    /// </summary>
    public bool Discarded => Volatile.Read(ref _discarded) != 0;

    /// <summary>Connects to <paramref name="target"/> for <paramref name="client"/>; null (client closed) if the target refuses.</summary>
    public static async Task<ProxiedConnection?> ConnectAsync(FaultProxy proxy, Socket client, IPEndPoint target, CancellationToken cancellationToken)
    {
        var server = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await server.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return new ProxiedConnection(proxy, client, server);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            server.Dispose();
            client.Dispose();
            return null;
        }
    }

    /// <summary>Runs both pumps until the connection is closed; never throws.</summary>
    public async Task RunAsync()
    {
        var up = PumpAsync(_client, _server, ProxyDirection.ClientToServer);
        var down = PumpAsync(_server, _client, ProxyDirection.ServerToClient);
        await Task.WhenAll(up, down).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>
    /// Closes both sockets, once: gracefully (FIN) or, with <paramref name="reset"/>, aborted with an RST (linger on
    /// with a zero timeout, then close). Pending reads and writes end, so the pumps stop.
    /// </summary>
    public void Close(bool reset)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The pumps already ended.
        }

        CloseSocket(_client, reset);
        CloseSocket(_server, reset);
        _proxy.OnClosed(this);
    }

    private static void CloseSocket(Socket socket, bool reset)
    {
        try
        {
            if (reset)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            else
            {
                socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer: closing is all that is left.
        }

        socket.Close();
    }

    private async Task PumpAsync(Socket from, Socket to, ProxyDirection direction)
    {
        var buffer = new byte[ChunkSize];
        var token = _stop.Token;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    break; // the peer closed its side
                }

                var chunk = _proxy.Decide(this, direction, read);
                if (chunk.Discard)
                {
                    Volatile.Write(ref _discarded, 1);
                    continue;
                }

                if (chunk.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(chunk.Delay, token).ConfigureAwait(false);
                }

                var memory = buffer.AsMemory(0, chunk.Forward);
                while (!memory.IsEmpty)
                {
                    var sent = await to.SendAsync(memory, SocketFlags.None, token).ConfigureAwait(false);
                    memory = memory[sent..];
                }

                _proxy.Count(direction, chunk.Forward);
                if (chunk.CloseAfter)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Closed by the proxy or the peer.
        }

        Close(reset: false);
    }
}
