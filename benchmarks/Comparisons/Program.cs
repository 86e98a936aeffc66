using System;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Running;
using Caching.TestSupport;

namespace Comparisons;

/// <summary>
/// Starts one private redis-server (127.0.0.1, a free port; stopped by PID at the end) and passes its endpoint to
/// BenchmarkDotNet's child processes in <see cref="RedisVariable"/>; they inherit the environment.
/// <c>dotnet run -c Release --project benchmarks/Comparisons -- --filter '*'</c> runs every benchmark;
/// <c>-- --stampede</c> counts core calls instead (<c>-- --stampede-processes</c> across 8 stores, distributed fills off and on), <c>-- --commands</c> the Redis commands per operation. With COMPARISONS_REDIS already set, that server is used.
/// </summary>
public static class Program
{
    public const string RedisVariable = "COMPARISONS_REDIS";

    public static async Task<int> Main(string[] args)
    {
        RedisServer? server = null;
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RedisVariable)))
        {
            server = await RedisServer.StartAsync();
            Environment.SetEnvironmentVariable(RedisVariable, server.Endpoint);
        }

        try
        {
            Console.WriteLine($"redis-server at {Environment.GetEnvironmentVariable(RedisVariable)}");
            if (args.Contains("--stampede-processes"))
            {
                await ProcessStampede.RunAsync();
            }
            else if (args.Contains("--stampede"))
            {
                await Stampede.RunAsync();
            }
            else if (args.Contains("--throughput"))
            {
                await SteadyThroughput.RunAsync();
            }
            else if (args.Contains("--commands"))
            {
                await Commands.RunAsync();
            }
            else
            {
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            }

            return 0;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
