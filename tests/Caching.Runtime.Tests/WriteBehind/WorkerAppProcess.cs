using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>
/// One run of tests/WriteBehindWorkerApp as a child process (<c>dotnet WriteBehindWorkerApp.dll …</c>), which this
/// test started and which it ends by its PID only: killed (SIGKILL) or told to stop on its standard input.
/// </summary>
internal sealed class WorkerAppProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerAppProcess(Process process) => _process = process;

    /// <summary>Everything the child printed (standard output and its log on standard error), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// Runs the app as a producer: it calls its generated [WriteBehind] method <paramref name="count"/> times, which
    /// queues the calls, and exits. Returns what it printed.
    /// </summary>
    public static async Task<string> ProduceAsync(int redisPort, string prefix, int count)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { AppPath(), "--port", redisPort.ToString(CultureInfo.InvariantCulture), "--prefix", prefix, "--produce", count.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The producer did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var printed = await output + await errors;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The producer exited with {process.ExitCode}:\n{printed}");
        }

        return printed;
    }

    /// <summary>Starts the app and waits until its worker has started.</summary>
    public static async Task<WorkerAppProcess> StartAsync(int redisPort, string prefix, string databaseFile, string consumer, TimeSpan claimIdle, TimeSpan coreDuration)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     AppPath(), "--port", redisPort.ToString(CultureInfo.InvariantCulture), "--prefix", prefix, "--db", databaseFile,
                     "--consumer", consumer, "--claim-idle-ms", ((int)claimIdle.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                     "--core-ms", ((int)coreDuration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker app did not start.");
        var app = new WorkerAppProcess(process);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            app._output.Enqueue(e.Data);
            if (e.Data.StartsWith("started ", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                app._output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return app;
        }
        catch (TimeoutException)
        {
            app.Dispose();
            throw new TimeoutException("The worker app did not report that it started. Its output:\n" + app.Output);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to finish, acknowledge or flush anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A graceful stop: the app drains its queue, then exits; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _process.StandardInput.WriteLineAsync("stop");
        await _process.StandardInput.FlushAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    // Recorded at build time by the test project (RecordWriteBehindWorkerAppPath in its .csproj).
    private static string AppPath()
    {
        var path = typeof(WorkerAppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "WriteBehindWorkerApp")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException($"The worker app was not built where the test project recorded it: '{path}'. Build tests/Caching.Runtime.Tests, which builds it.");
        }

        return path;
    }

    // The dotnet host that runs the tests (set by `dotnet test`), else the one on PATH.
    private static string DotnetHost()
    {
        var fromHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromHost) && File.Exists(fromHost))
        {
            return fromHost;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No dotnet host found (DOTNET_HOST_PATH or PATH); the crash test runs the worker app with it.");
    }
}
