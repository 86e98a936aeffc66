using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.WriteBehind;
using Caching.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Caching.Runtime.Tests.DependencyInjection;

/// <summary>
/// AddWriteBehindHandlers: the host starts one write-behind worker per store, fed by every repository registered
/// for it, and drains it when it stops; against a real redis-server.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class WriteBehindRegistrationTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task TwoRepositoriesOfOneStore_ShareOneHostedWorker_ThatRunsBothQueues_AndDrainsOnStop()
    {
        var prefix = "wbdi-" + Guid.NewGuid().ToString("N")[..12];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddRedisCaching(o => { o.Connection = _ => redis.Multiplexer; o.KeyPrefix = prefix; });
        builder.Services.AddSingleton(new Orders()).AddSingleton(new Audit());
        builder.Services.AddWriteBehindHandlers<Orders>(Orders.WriteBehindHandlers, o => Fast(o));
        builder.Services.AddWriteBehindHandlers<Audit>(Audit.WriteBehindHandlers);
        using var host = builder.Build();

        var store = host.Services.GetRequiredService<RedisCacheStore>();
        await store.EnqueueWriteBehindAsync(Orders.Id, TestCalls.Arguments(1, "order"));
        await store.EnqueueWriteBehindAsync(Audit.Id, TestCalls.Arguments(2, "audit"));
        await store.EnqueueWriteBehindAsync(Orders.Id, TestCalls.Arguments(3, "order"));

        var worker = Assert.Single(host.Services.GetServices<IHostedService>().OfType<WriteBehindWorker>());
        Assert.Same(worker, host.Services.GetRequiredKeyedService<WriteBehindWorker>(""));
        await host.StartAsync();
        await Eventually.TrueAsync(() => worker.ProcessedCount == 3, Patience, () => "processed " + worker.ProcessedCount);

        Assert.Equal([1, 3], host.Services.GetRequiredService<Orders>().Recorder.AppliedIds);
        Assert.Equal([2], host.Services.GetRequiredService<Audit>().Recorder.AppliedIds);
        Assert.StartsWith("di-test-", worker.ConsumerName, StringComparison.Ordinal); // the configured options reached the worker

        await store.EnqueueWriteBehindAsync(Orders.Id, TestCalls.Arguments(4, "queued before stop"));
        await host.StopAsync();
        Assert.Equal([1, 3, 4], host.Services.GetRequiredService<Orders>().Recorder.AppliedIds);
        Assert.Equal(0, await redis.Database.StreamLengthAsync(store.WriteBehindStreamKey));
    }

    [Fact]
    public async Task KeyedStore_GetsAWorkerOfItsOwn_ReadingItsOwnStream()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddRedisCaching(o => { o.Connection = _ => redis.Multiplexer; o.KeyPrefix = "wbdi-main-" + Guid.NewGuid().ToString("N")[..8]; });
        builder.Services.AddRedisCaching("second", o => { o.Connection = _ => redis.Multiplexer; o.KeyPrefix = "wbdi-second-" + Guid.NewGuid().ToString("N")[..8]; });
        builder.Services.AddSingleton(new Orders());
        builder.Services.AddWriteBehindHandlers<Orders>("second", Orders.WriteBehindHandlers, o => Fast(o));
        using var host = builder.Build();

        var second = host.Services.GetRequiredKeyedService<RedisCacheStore>("second");
        var main = host.Services.GetRequiredService<RedisCacheStore>();
        await second.EnqueueWriteBehindAsync(Orders.Id, TestCalls.Arguments(7, "second"));
        await main.EnqueueWriteBehindAsync(Orders.Id, TestCalls.Arguments(8, "main: no worker reads it"));

        var worker = Assert.Single(host.Services.GetServices<IHostedService>().OfType<WriteBehindWorker>());
        Assert.Equal(second.WriteBehindStreamKey, worker.StreamKey);
        await host.StartAsync();
        await Eventually.TrueAsync(() => worker.ProcessedCount == 1, Patience, () => "processed " + worker.ProcessedCount);
        await host.StopAsync();

        Assert.Equal([7], host.Services.GetRequiredService<Orders>().Recorder.AppliedIds);
        Assert.Equal(1, await redis.Database.StreamLengthAsync(main.WriteBehindStreamKey));
    }

    [Fact]
    public async Task InvalidWorkerSettings_FailTheHostAtStart_NamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddRedisCaching(o => { o.Connection = _ => redis.Multiplexer; o.KeyPrefix = "wbdi-bad"; });
        builder.Services.AddSingleton(new Orders());
        builder.Services.AddWriteBehindHandlers<Orders>(Orders.WriteBehindHandlers, o => o.BatchSize = 0);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.StartAsync());
        Assert.Equal("BatchSize", error.ParamName);
    }

    private static void Fast(WriteBehindWorkerOptions options)
    {
        var fast = TestCalls.FastOptions("di-test-" + Guid.NewGuid().ToString("N")[..12]);
        options.ConsumerName = fast.ConsumerName;
        options.PollInterval = fast.PollInterval;
        options.RetryBaseDelay = fast.RetryBaseDelay;
        options.RetryMaxDelay = fast.RetryMaxDelay;
        options.RedisRetryDelay = fast.RedisRetryDelay;
    }

    /// <summary>Stands for a repository whose generated <c>WriteBehindHandlers</c> returns one handler.</summary>
    private sealed class Orders
    {
        public const string Id = "Tests.Orders.SaveLaterAsync";

        public RecordingHandler Recorder { get; } = new();

        public static WriteBehindHandler[] WriteBehindHandlers(Orders target) => [target.Recorder.Handler(Id)];
    }

    private sealed class Audit
    {
        public const string Id = "Tests.Audit.WriteLaterAsync";

        public RecordingHandler Recorder { get; } = new();

        public static WriteBehindHandler[] WriteBehindHandlers(Audit target) => [target.Recorder.Handler(Id)];
    }
}
