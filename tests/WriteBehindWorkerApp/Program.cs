// The crash test's child process, in one of two roles:
// - producer (--produce N): calls the generated [WriteBehind] method N times, which queues the calls in the Redis
//   Stream on 127.0.0.1:--port under --prefix, then exits;
// - worker (default): runs the queued calls through the generated dispatch table against the append-only file --db,
//   and stops gracefully (draining its queue) when its standard input says "stop" or closes, as a host does on
//   SIGTERM. The crash test kills it with SIGKILL instead.
using System;
using System.Globalization;
using System.Threading;
using Caching;
using StackExchange.Redis;
using WriteBehindWorkerApp;

var settings = AppSettings.Parse(args);
var connection = "127.0.0.1:" + settings.Port.ToString(CultureInfo.InvariantCulture) + ",abortConnect=false,connectTimeout=2000";
await using var redis = await ConnectionMultiplexer.ConnectAsync(connection);
var store = new RedisCacheStore(redis, new RedisCacheStoreOptions { KeyPrefix = settings.Prefix });

if (settings.Produce > 0)
{
    var producer = new OrderRepository(store, database: null, settings.CoreDuration);
    for (var orderId = 0; orderId < settings.Produce; orderId++)
    {
        await producer.SaveOrderLaterAsync(orderId);
    }

    Console.WriteLine("produced " + settings.Produce.ToString(CultureInfo.InvariantCulture));
    return;
}

using var database = new AppendOnlyDatabase(settings.DatabaseFile);
var repository = new OrderRepository(store, database, settings.CoreDuration);
var options = new WriteBehindWorkerOptions
{
    ConsumerName = settings.Consumer,
    ClaimIdleTime = settings.ClaimIdle,
    PollInterval = TimeSpan.FromMilliseconds(20),
};

await using var worker = new WriteBehindWorker(store, OrderRepository.WriteBehindHandlers(repository), options, new StderrLogger());
await worker.StartAsync(CancellationToken.None);
Console.WriteLine("started " + worker.ConsumerName);

while (Console.ReadLine() is { } line && line != "stop")
{
}

await worker.StopAsync(CancellationToken.None);
Console.WriteLine($"stopped processed={worker.ProcessedCount} dead-lettered={worker.DeadLetteredCount}");
