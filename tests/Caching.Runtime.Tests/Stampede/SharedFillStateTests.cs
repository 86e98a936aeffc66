using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Stampede;

/// <summary>
/// Callers share a fill when their reads observed the same state: the same bytes of an expired entry (each read
/// returns its own copy), or a failed read while Redis is down, which must not cost one core call per caller.
/// </summary>
public sealed class SharedFillStateTests : IAsyncLifetime
{
    private const int Callers = 20;

    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        var options = _server.CreateOptions();
        options.ConnectTimeout = 500;
        _multiplexer = await _server.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task MissesOnTheSameExpiredEntry_Share()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new RedisCacheStore(_multiplexer!, new RedisCacheStoreOptions { TimeProvider = clock });
        var probe = new FillProbe(store);
        var policy = Policies.String();
        var key = Policies.UniqueKey("stampede-expired");
        Assert.True(await store.SetAsync(key, "expired", policy));
        clock.Advance(policy.Ttl + TimeSpan.FromSeconds(1)); // logically expired; Redis still holds the bytes
        var core = new GatedFactory<string>("fresh");

        var calls = Enumerable.Range(0, Callers).Select(_ => store.GetOrCreateAsync(key, policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask()).ToArray();
        await core.Entered;
        await probe.Joined(key, Callers);
        core.Release();

        Assert.All(await Task.WhenAll(calls), value => Assert.Equal("fresh", value));
        Assert.Equal(1, core.Calls);
        Assert.Equal("fresh", (await store.TryGetAsync(key, policy)).Value);
    }

    [Fact]
    public async Task MissesWhileRedisIsDown_Share()
    {
        var store = new RedisCacheStore(_multiplexer!, new RedisCacheStoreOptions { OperationTimeout = TimeSpan.FromMilliseconds(200) });
        var probe = new FillProbe(store);
        var key = Policies.UniqueKey("stampede-down");
        await _server!.StopAsync();
        var core = new GatedFactory<Product>(Policies.SampleProduct(1));

        var calls = Enumerable.Range(0, Callers).Select(_ => store.GetOrCreateAsync(key, Policies.Product(), core, static (c, ct) => c.CreateAsync(ct)).AsTask()).ToArray();
        await core.Entered;
        await probe.Joined(key, Callers);
        core.Release();

        Assert.All(await Task.WhenAll(calls), value => Assert.Equal(Policies.SampleProduct(1), value));
        Assert.Equal(1, core.Calls);
    }
}
