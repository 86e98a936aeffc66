using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Caching.Package.Tests;

/// <summary>Runs the dotnet CLI (or a built program) and captures what it printed.</summary>
internal static class DotnetCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Builds inside a test must not reuse or disturb the build server of the outer build.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {arguments}' did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    public static Task<(int ExitCode, string Output)> DotnetAsync(string arguments, string workingDirectory)
        => RunAsync("dotnet", arguments + " -nodeReuse:false", workingDirectory, TimeSpan.FromMinutes(5));
}
