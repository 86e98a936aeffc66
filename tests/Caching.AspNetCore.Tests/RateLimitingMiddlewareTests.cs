using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Caching.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Caching.AspNetCore.Tests;

/// <summary>
/// ASP.NET Core's rate-limiting middleware with our partitioned limiter, on two TestServers (two instances of one
/// API, each with its own Redis connection) sharing one Redis: the limit holds across both.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class RateLimitingMiddlewareTests(RedisServerFixture redis)
{
    private const int Limit = 5;

    private async Task<WebApplication> StartInstanceAsync(string prefix, bool global)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddRedisCaching(o =>
        {
            o.Configuration = redis.Server.Endpoint;
            o.KeyPrefix = prefix;
        });
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return default;
            };
            if (global)
            {
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context));
            }
            else
            {
                o.AddPolicy("per-client", context => Partition(context));
            }
        });
        var app = builder.Build();
        app.UseRateLimiter();
        var endpoint = app.MapGet("/limited", () => "ok");
        if (!global)
        {
            endpoint.RequireRateLimiting("per-client");
        }

        await app.StartAsync();
        return app;
    }

    // One window per client (the X-Client header), in Redis, shared by every instance.
    private static RateLimitPartition<string> Partition(HttpContext context)
        => RedisRateLimitPartition.GetSlidingWindowLimiter(
            context.RequestServices.GetRequiredService<RedisCacheStore>(),
            context.Request.Headers["X-Client"].ToString(),
            client => new RedisSlidingWindowRateLimiterOptions { PermitLimit = Limit, Window = TimeSpan.FromMinutes(1), Key = "rate:" + client });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RequestsOverTheLimit_SummedAcrossTwoServers_Get429(bool global)
    {
        var prefix = "rl-mw-" + Guid.NewGuid().ToString("N");
        await using var first = await StartInstanceAsync(prefix, global);
        await using var second = await StartInstanceAsync(prefix, global);
        using var firstClient = first.GetTestClient();
        using var secondClient = second.GetTestClient();

        // 12 requests of client "a", alternating between the instances: 5 pass, 7 are refused, whichever served them.
        var statuses = new HttpStatusCode[12];
        var retryAfters = new System.Collections.Generic.List<int>();
        for (var i = 0; i < statuses.Length; i++)
        {
            using var response = await SendAsync(i % 2 == 0 ? firstClient : secondClient, "a");
            statuses[i] = response.StatusCode;
            if (response.Headers.RetryAfter?.Delta is { } delta)
            {
                retryAfters.Add((int)delta.TotalSeconds);
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, Limit).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 12 - Limit)), statuses);
        Assert.Equal(12 - Limit, retryAfters.Count);
        Assert.All(retryAfters, s => Assert.InRange(s, 1, 60));

        // Another client has its own window, on either instance.
        using var other = await SendAsync(secondClient, "b");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(Limit, await redis.Database.SortedSetLengthAsync(prefix + ":rate:a"));
        Assert.Equal(1, await redis.Database.SortedSetLengthAsync(prefix + ":rate:b"));

        await first.StopAsync();
        await second.StopAsync();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string clientId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/limited");
        request.Headers.Add("X-Client", clientId);
        return await client.SendAsync(request);
    }
}
