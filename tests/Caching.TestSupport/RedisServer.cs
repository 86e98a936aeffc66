using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching.TestSupport;

/// <summary>
/// A private redis-server on a free 127.0.0.1 port, in a fresh temp folder, with no persistence. It can be stopped
/// and started again on the same port, for "Redis went away, then came back" tests.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const int StartAttempts = 10;

    private readonly string _directory;
    private readonly string[] _extraArguments;
    private RedisProcess? _process;

    private RedisServer(RedisProcess process, string directory, string[] extraArguments)
    {
        _process = process;
        _directory = directory;
        _extraArguments = extraArguments;
        Port = process.Port;
    }

    private RedisServer(int port, string directory, string[] extraArguments)
    {
        _directory = directory;
        _extraArguments = extraArguments;
        Port = port;
    }

    /// <summary>The server's folder (its working directory), where a test may put files it needs, such as certificates.</summary>
    public string Directory => _directory;

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Endpoint => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A StackExchange.Redis configuration string: no abort on a failed first connect (a test may start while the
    /// server is down), and short timeouts so a stopped server costs a test seconds, not minutes.
    /// </summary>
    public string ConnectionString => Endpoint + ",abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000,allowAdmin=true";

    /// <summary>Whether the server process is running (false between <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>).</summary>
    public bool IsRunning => _process is not null;

    /// <summary>
    /// Starts a server on a free port and waits until it answers. <paramref name="extraArguments"/> are added to its
    /// command line (<c>--maxmemory 2mb</c>, …) and kept for <see cref="StartAgainAsync"/>.
    /// </summary>
    public static async Task<RedisServer> StartAsync(params string[] extraArguments)
    {
        var directory = TempDirectories.Create("redis");
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPorts.Pick(withClusterBus: false);
            try
            {
                var process = await RedisProcess.StartAsync(port, directory, extraArguments).ConfigureAwait(false);
                return new RedisServer(process, directory, extraArguments);
            }
            catch (PortTakenException) when (attempt < StartAttempts)
            {
                // Another process took the port between the check and the start; try another.
            }
            catch
            {
                TempDirectories.TryDelete(directory);
                throw;
            }
        }
    }

    /// <summary>
    /// A server that is not running yet, on a port free now: for "Redis is down when the app starts" tests, which
    /// connect first and call <see cref="StartAgainAsync"/> later.
    /// </summary>
    public static RedisServer NotStarted(params string[] extraArguments)
        => new(LoopbackPorts.Pick(withClusterBus: false), TempDirectories.Create("redis"), extraArguments);

    /// <summary>Parses <see cref="ConnectionString"/>, so a test can tighten timeouts before connecting.</summary>
    public ConfigurationOptions CreateOptions() => ConfigurationOptions.Parse(ConnectionString);

    /// <summary>Connects a new multiplexer, which the caller owns.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions? options = null)
        => await ConnectionMultiplexer.ConnectAsync(options ?? CreateOptions()).ConfigureAwait(false);

    /// <summary>Kills the server, as a crash would; clients see their connections drop.</summary>
    public async Task StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The server is already stopped.");
        _process = null;
        await process.KillAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Freezes the server with SIGSTOP, by its PID: connections stay open but nothing is answered, as with a hung
    /// or overloaded Redis. <see cref="ResumeAsync"/> lets it go on.
    /// </summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets a server frozen by <see cref="PauseAsync"/> go on (SIGCONT); it answers what it had queued.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>
    /// Starts the server again (or for the first time, after <see cref="NotStarted"/>) on the same port and folder,
    /// with an empty data set and the same extra arguments.
    /// </summary>
    public async Task StartAgainAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        try
        {
            _process = await RedisProcess.StartAsync(Port, _directory, _extraArguments).ConfigureAwait(false);
        }
        catch (PortTakenException ex)
        {
            throw new InvalidOperationException($"Port {Port} was taken by another process while the server was stopped.", ex);
        }
    }

    private async Task SignalAsync(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("The server is stopped.");
        var start = new ProcessStartInfo("kill") { ArgumentList = { signal, process.Pid.ToString(CultureInfo.InvariantCulture) } };
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {process.Pid} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>Kills the server by its PID and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await StopAsync().ConfigureAwait(false);
        }

        TempDirectories.TryDelete(_directory);
    }
}
