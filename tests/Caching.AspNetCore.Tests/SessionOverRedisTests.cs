using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Caching.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace Caching.AspNetCore.Tests;

/// <summary>ASP.NET Core session middleware on TestServer, with its state in our Redis through RedisDistributedCache.</summary>
[Collection(RedisCollections.Server)]
public sealed class SessionOverRedisTests(RedisServerFixture redis)
{
    [Fact]
    public async Task AValueSetInOneRequest_IsReadInTheNext_ThroughTheCookie_AndLivesInRedis()
    {
        var prefix = "session-" + Guid.NewGuid().ToString("N");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddRedisCaching(o =>
        {
            o.Configuration = redis.Server.Endpoint;
            o.KeyPrefix = prefix;
        });
        builder.Services.AddRedisDistributedCache();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddSession(o => o.IdleTimeout = TimeSpan.FromMinutes(2));
        await using var app = builder.Build();
        app.UseSession();
        app.MapGet("/set", (HttpContext context, string name) =>
        {
            context.Session.SetString("name", name);
            return "stored";
        });
        app.MapGet("/get", (HttpContext context) => context.Session.GetString("name") ?? "(none)");
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var set = await client.GetAsync("/set?name=Ada");
        Assert.Equal("stored", await set.Content.ReadAsStringAsync());
        var cookie = set.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        Assert.StartsWith(".AspNetCore.Session=", cookie, StringComparison.Ordinal);

        Assert.Equal("Ada", await GetAsync(client, "/get", cookie));
        Assert.Equal("(none)", await GetAsync(client, "/get", cookie: null)); // no cookie, no session

        // The session is one entry in Redis, under the store's prefix, sliding with the idle timeout.
        var server = redis.Multiplexer.GetServer(redis.Server.Endpoint);
        var keys = server.Keys(pattern: prefix + ":*").ToArray();
        var key = Assert.Single(keys);
        Assert.Equal(120_000, (long)await redis.Database.HashGetAsync(key, "sliding"));
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromMinutes(2));

        // Nothing is kept in the process: without the Redis entry the session is empty.
        await redis.Database.KeyDeleteAsync(key);
        Assert.Equal("(none)", await GetAsync(client, "/get", cookie));
        await app.StopAsync();
    }

    private static async Task<string> GetAsync(HttpClient client, string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
