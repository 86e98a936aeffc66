using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.DependencyInjection;

/// <summary>AddRedisCaching: what it registers, against a real redis-server, and how it reports bad settings at start.</summary>
[Collection(RedisCollections.Server)]
public sealed class AddRedisCachingTests(RedisServerFixture redis)
{
    [Fact]
    public async Task ConnectionString_RegistersAStoreThatReadsAndWritesRedis_WithItsPrefix()
    {
        await using var provider = new ServiceCollection()
            .AddRedisCaching(o =>
            {
                o.Configuration = redis.Server.Endpoint;
                o.KeyPrefix = "di-" + Guid.NewGuid().ToString("N");
            })
            .BuildServiceProvider();

        var store = provider.GetRequiredService<ICacheStore>();
        Assert.Same(provider.GetRequiredService<RedisCacheStore>(), store);
        Assert.StartsWith("di-", store.KeyPrefix, StringComparison.Ordinal);

        var key = store.KeyPrefix + "greeting";
        var value = await store.GetOrCreateAsync(key, Policies.String(), "hello", static (s, _) => ValueTask.FromResult(s), CancellationToken.None);
        Assert.Equal("hello", value);
        Assert.True(await redis.Database.KeyExistsAsync(key));
    }

    [Fact]
    public async Task ExistingMultiplexer_IsUsed_AndNotDisposedWithTheProvider()
    {
        var provider = new ServiceCollection()
            .AddSingleton<IConnectionMultiplexer>(redis.Multiplexer)
            .AddRedisCaching(o => o.Connection = sp => sp.GetRequiredService<IConnectionMultiplexer>())
            .BuildServiceProvider();

        var store = provider.GetRequiredService<RedisCacheStore>();
        Assert.Same(redis.Multiplexer, store.Multiplexer);
        await provider.DisposeAsync();

        Assert.True(redis.Multiplexer.IsConnected);
        Assert.Equal("PONG", (await redis.Database.ExecuteAsync("PING")).ToString());
    }

    [Fact]
    public async Task OwnMultiplexer_ConnectsInTheBackground_AndIsDisposedWithTheProvider()
    {
        var provider = new ServiceCollection().AddRedisCaching(o => o.Configuration = redis.Server.Endpoint + ",abortConnect=true").BuildServiceProvider();
        var multiplexer = provider.GetRequiredService<RedisCacheStore>().Multiplexer;
        Assert.NotSame(redis.Multiplexer, multiplexer);

        await provider.DisposeAsync();

        Assert.False(multiplexer.IsConnected);
    }

    [Fact]
    public async Task RedisDownAtStart_TheStoreIsCreated_AndTheCoreAnswers()
    {
        // A port nothing listens on (a server of ours, stopped): with abortConnect forced off, resolving the store
        // does not throw, and the core answers.
        var down = await RedisServer.StartAsync();
        await down.StopAsync();
        await using var provider = new ServiceCollection()
            .AddRedisCaching(o => o.Configuration = down.Endpoint + ",connectTimeout=200")
            .BuildServiceProvider();

        var store = provider.GetRequiredService<ICacheStore>();
        var value = await store.GetOrCreateAsync(
            Policies.UniqueKey("di-down"), Policies.String(), "from the core", static (s, _) => ValueTask.FromResult(s), CancellationToken.None);
        Assert.Equal("from the core", value);
        await down.DisposeAsync();
    }

    [Fact]
    public async Task NamedStores_AreKeyedServices_OverTheirOwnConnections()
    {
        await using var provider = new ServiceCollection()
            .AddRedisCaching(o => { o.Configuration = redis.Server.Endpoint; o.KeyPrefix = "main"; })
            .AddRedisCaching("sessions", o => { o.Configuration = redis.Server.Endpoint; o.KeyPrefix = "sessions"; })
            .BuildServiceProvider();

        var main = provider.GetRequiredService<ICacheStore>();
        var sessions = provider.GetRequiredKeyedService<ICacheStore>("sessions");
        Assert.NotSame(main, sessions);
        Assert.Equal("main:", main.KeyPrefix);
        Assert.Equal("sessions:", sessions.KeyPrefix);
        Assert.NotSame(((RedisCacheStore)main).Multiplexer, ((RedisCacheStore)sessions).Multiplexer);
    }

    [Theory]
    [InlineData(null, false, "AddRedisCaching: no Redis connection; set Configuration")]
    [InlineData("localhost:6379", true, "AddRedisCaching: set either Configuration or Connection, not both.")]
    [InlineData("localhost:6379,connectTimeout=soon,password=s3cret", false, "Configuration is not a valid StackExchange.Redis connection string")]
    public async Task BadConnectionSettings_FailTheHostAtStart_WithAClearMessage_AndNoSecret(string? configuration, bool withConnection, string expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddRedisCaching(o =>
        {
            o.Configuration = configuration;
            if (withConnection)
            {
                o.Connection = _ => redis.Multiplexer;
            }
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadStoreSettings_FailTheHostAtStart_NamingTheSettingAndTheStore()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddRedisCaching("sessions", o =>
        {
            o.Configuration = redis.Server.Endpoint;
            o.Store.InvalidationWindow = TimeSpan.Zero;
            o.Store.Database = -2;
            o.Store.DefaultTtl = TimeSpan.FromSeconds(10);
            o.Store.DefaultJitter = TimeSpan.FromSeconds(10);
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("AddRedisCaching(\"sessions\"): Store.InvalidationWindow is 00:00:00; it must be positive.", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddRedisCaching(\"sessions\"): Store.Database is -2", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddRedisCaching(\"sessions\"): Store.DefaultJitter is 00:00:10; it must be zero or more and less than Store.DefaultTtl (00:00:10)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoodSettings_StartTheHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddRedisCaching(o => o.Configuration = redis.Server.Endpoint);
        using var host = builder.Build();

        await host.StartAsync();
        Assert.NotNull(host.Services.GetRequiredService<ICacheStore>());
        await host.StopAsync();
    }
}
