using System;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Running;
using Caching.TestSupport;

namespace CompressionBenchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Compression -- --filter '*'</c> runs every benchmark (it starts and
/// stops its own redis-server and passes it to BenchmarkDotNet's child processes in <see cref="RedisVariable"/>);
/// <c>-- -ratio</c> prints the size table only.
/// </summary>
public static class Program
{
    public const string RedisVariable = "COMPRESSION_REDIS";

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("-ratio"))
        {
            PrintRatios();
            return 0;
        }

        RedisServer? server = null;
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RedisVariable)))
        {
            server = await RedisServer.StartAsync();
            Environment.SetEnvironmentVariable(RedisVariable, server.Endpoint);
        }

        try
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
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

    private static void PrintRatios()
    {
        Console.WriteLine("| payload (JSON bytes) | orders | stored, none | stored, LZ4 | LZ4 ratio | stored, Brotli q1 | Brotli ratio |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var size in new[] { 1024, 10240, 102400 })
        {
            var sizes = new[] { "None", "LZ4", "Brotli" }.Select(codec =>
            {
                var bench = new CodecBenchmarks { Size = size, Codec = codec };
                bench.Setup();
                return bench.Sizes();
            }).ToArray();
            var payload = sizes[0].Payload;
            Console.WriteLine(
                $"| {payload:N0} | {Payloads.Orders(size).Count} | {sizes[0].Stored:N0} | {sizes[1].Stored:N0} | {(double)payload / (sizes[1].Stored - 24):F2} | {sizes[2].Stored:N0} | {(double)payload / (sizes[2].Stored - 4):F2} |");
        }
    }
}
