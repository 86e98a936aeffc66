using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.TestSupport;

/// <summary>
/// A one-command RESP client over a fresh TCP connection. It checks a node before any multiplexer exists (is it up,
/// is it ours, is the cluster ok) and asks one cluster node directly, where a multiplexer would follow redirects.
/// </summary>
public static class RedisProbe
{
    /// <summary>
    /// Sends <paramref name="command"/> to 127.0.0.1:<paramref name="port"/> and returns the reply as text
    /// (<c>null</c> for a null reply). An error reply throws <see cref="RedisProbeErrorException"/>.
    /// </summary>
    public static async Task<string?> SendAsync(int port, TimeSpan timeout, params string[] command)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encode(command), cts.Token).ConfigureAwait(false);
        return await new Reader(stream).ReadReplyAsync(cts.Token).ConfigureAwait(false);
    }

    private static byte[] Encode(string[] command)
    {
        var text = new StringBuilder();
        text.Append('*').Append(command.Length).Append("\r\n");
        foreach (var part in command)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // Reads just enough RESP2 for the replies the probes ask for: simple strings, errors, integers, bulk strings.
    private sealed class Reader(Stream stream)
    {
        private readonly byte[] _one = new byte[1];

        public async Task<string?> ReadReplyAsync(CancellationToken cancellationToken)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var body = line.Substring(1);
            switch (line[0])
            {
                case '+':
                case ':':
                    return body;
                case '-':
                    throw new RedisProbeErrorException(body);
                case '$':
                    var length = int.Parse(body, System.Globalization.CultureInfo.InvariantCulture);
                    if (length < 0)
                    {
                        return null;
                    }

                    var data = new byte[length + 2]; // the value and its CRLF
                    await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
                    return Encoding.UTF8.GetString(data, 0, length);
                default:
                    throw new InvalidDataException($"Unexpected RESP reply: {line}");
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new StringBuilder();
            while (true)
            {
                await stream.ReadExactlyAsync(_one, cancellationToken).ConfigureAwait(false);
                if (_one[0] == '\n' && line.Length > 0 && line[^1] == '\r')
                {
                    return line.ToString(0, line.Length - 1);
                }

                line.Append((char)_one[0]);
            }
        }
    }
}

/// <summary>Redis answered a probe with an error reply (such as <c>MOVED</c> or <c>LOADING</c>).</summary>
public sealed class RedisProbeErrorException(string message) : Exception(message);
