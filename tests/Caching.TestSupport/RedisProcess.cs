using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Caching.TestSupport;

/// <summary>
/// One redis-server process that this test run started, and only that: it is stopped by its PID, and it counts as
/// ready only when the server answering on its port reports that PID (so a stranger's Redis is never mistaken for it).
/// </summary>
internal sealed class RedisProcess
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    // Every live process, so a test host that exits without disposing its fixtures leaves no server behind.
    private static readonly HashSet<RedisProcess> Live = new();

    static RedisProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllLive();

    private readonly Process _process;

    private RedisProcess(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public int Pid => _process.Id;

    private string LogFile => Path.Combine(Directory, "redis.log");

    /// <summary>
    /// Starts redis-server on <paramref name="port"/> with <paramref name="directory"/> as its working folder and
    /// waits until it answers. Throws <see cref="PortTakenException"/> when another process holds the port.
    /// </summary>
    public static async Task<RedisProcess> StartAsync(int port, string directory, IEnumerable<string> extraArguments)
    {
        var start = new ProcessStartInfo(RedisTools.RedisServer)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        var portText = port.ToString(CultureInfo.InvariantCulture);
        foreach (var argument in new[]
                 {
                     "--port", portText, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                     "--dir", directory, "--logfile", Path.Combine(directory, "redis.log"),
                     "--enable-debug-command", "local",
                 }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        // Drain the pipes so a chatty server can never block on a full one; the log file keeps what matters.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var redis = new RedisProcess(process, port, directory);
        lock (Live)
        {
            Live.Add(redis);
        }

        try
        {
            await redis.WaitUntilReadyAsync().ConfigureAwait(false);
            return redis;
        }
        catch
        {
            await redis.KillAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Kills the process (a crash, as far as clients can tell) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        lock (Live)
        {
            Live.Remove(this);
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void KillAllLive()
    {
        RedisProcess[] live;
        lock (Live)
        {
            live = Live.ToArray();
        }

        foreach (var redis in live)
        {
            try
            {
                redis._process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                var log = ReadLog();
                if (log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    throw new PortTakenException(Port);
                }

                throw new InvalidOperationException(
                    $"redis-server on port {Port} exited with code {_process.ExitCode} before it was ready. Its log:\n{log}");
            }

            var pid = await TryReadPidAsync().ConfigureAwait(false);
            if (pid == Pid)
            {
                return;
            }

            if (pid is not null)
            {
                // Someone else's Redis answers on this port; ours will fail to bind and exit.
                throw new PortTakenException(Port);
            }

            await Task.Delay(25).ConfigureAwait(false);
        }

        throw new TimeoutException($"redis-server on port {Port} was not ready after {ReadyTimeout}. Its log:\n{ReadLog()}");
    }

    // The process_id from INFO server, or null while nothing (or nothing ready) answers on the port.
    private async Task<int?> TryReadPidAsync()
    {
        try
        {
            var info = await RedisProbe.SendAsync(Port, ProbeTimeout, "INFO", "server").ConfigureAwait(false);
            var line = info?.Split("\r\n").FirstOrDefault(l => l.StartsWith("process_id:", StringComparison.Ordinal));
            return line is null ? null : int.Parse(line.AsSpan("process_id:".Length), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or RedisProbeErrorException)
        {
            return null;
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log file)";
        }
        catch (IOException ex)
        {
            return $"(log unreadable: {ex.Message})";
        }
    }
}

/// <summary>Another process holds the port redis-server was asked to use.</summary>
internal sealed class PortTakenException(int port) : Exception($"Port {port} is taken by another process.");
