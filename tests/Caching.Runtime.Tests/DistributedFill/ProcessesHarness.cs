using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;

namespace Caching.Runtime.Tests.DistributedFill;

/// <summary>
/// "N processes" on one private redis-server: N independent multiplexers, each with its own store (and so its own
/// in-flight table and its own connection), so sharing inside one store cannot hide a missing distributed lock.
/// </summary>
internal sealed class ProcessesHarness : IAsyncDisposable
{
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(300);

    private readonly ConnectionMultiplexer[] _multiplexers;

    private ProcessesHarness(RedisServer server, ConnectionMultiplexer[] multiplexers, RedisCacheStore[] stores, ListLogger[] logs)
    {
        Server = server;
        _multiplexers = multiplexers;
        Stores = stores;
        Logs = logs;
    }

    public RedisServer Server { get; }

    public RedisCacheStore[] Stores { get; }

    public ListLogger[] Logs { get; }

    /// <summary>A database on the first process's connection, for reading and writing keys by hand.</summary>
    public IDatabase Database => _multiplexers[0].GetDatabase();

    /// <summary>
    /// Starts a server and <paramref name="processes"/> stores on it with distributed fills on (unless
    /// <paramref name="configure"/> turns them off).
    /// </summary>
    public static async Task<ProcessesHarness> StartAsync(int processes, Action<DistributedFillOptions>? configure = null)
    {
        var server = await RedisServer.StartAsync();
        var multiplexers = new ConnectionMultiplexer[processes];
        var stores = new RedisCacheStore[processes];
        var logs = new ListLogger[processes];
        for (var i = 0; i < processes; i++)
        {
            var options = server.CreateOptions();
            options.ConnectTimeout = 500;
            options.SyncTimeout = (int)OperationTimeout.TotalMilliseconds;
            multiplexers[i] = await server.ConnectAsync(options);
            var fill = new DistributedFillOptions { Enabled = true, LockTtl = TimeSpan.FromSeconds(10), WaitTimeout = TimeSpan.FromSeconds(5), PollInterval = TimeSpan.FromMilliseconds(25) };
            configure?.Invoke(fill);
            logs[i] = new ListLogger();
            stores[i] = new RedisCacheStore(
                multiplexers[i],
                new RedisCacheStoreOptions
                {
                    OperationTimeout = OperationTimeout,
                    DistributedFill = fill,
                    // One frozen call must not open the breaker and hide what the next call does.
                    CircuitBreaker = new CircuitBreakerOptions { Enabled = false },
                },
                logs[i]);
        }

        return new ProcessesHarness(server, multiplexers, stores, logs);
    }

    /// <summary>How many log lines of every process carry the event <paramref name="name"/>.</summary>
    public int Count(string name) => Logs.Sum(log => log.EventNames.Count(n => n == name));

    /// <summary>Every process's log, for a failure message.</summary>
    public string DescribeLogs() => string.Join(Environment.NewLine, Logs.Select((log, i) => $"process {i}:{Environment.NewLine}{log}"));

    /// <summary>Waits until <paramref name="condition"/> holds, for at most <paramref name="limit"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit} for: {what}");
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var multiplexer in _multiplexers)
        {
            await multiplexer.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}
