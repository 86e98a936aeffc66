// A minimal API over a SQLite catalogue, cached in Redis by generated code, published with Native AOT.
// Configuration (environment variables work too: ConnectionStrings__redis=127.0.0.1:6379):
//   ConnectionStrings:redis    StackExchange.Redis configuration (default 127.0.0.1:6379)
//   ConnectionStrings:catalog  SQLite connection string (default Data Source=catalog.db)
//   Catalog:Products           products seeded into an empty database (default 1000)
//   RateLimit:PermitLimit      GET /quotes/{id} requests per client and window, across every instance (default 100)
//   RateLimit:WindowSeconds    the sliding window of that limit (default 60)
using Caching;
using Microsoft.AspNetCore.OutputCaching;
using OpenTelemetry.Metrics;
using WebApi;
using WebApi.Catalog;
using WebApi.OutputCaching;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WebApiJson.Default));

builder.Services.AddRedisCaching(o =>
{
    o.Configuration = builder.Configuration.GetConnectionString("redis") ?? "127.0.0.1:6379";
    o.KeyPrefix = "webapi";
});
builder.Services.AddSingleton(new CatalogDatabase(builder.Configuration.GetConnectionString("catalog") ?? "Data Source=catalog.db"));
builder.Services.AddSingleton<ProductRepository>();

// The limit is kept in Redis, so every instance of the API shares it.
var permitLimit = builder.Configuration.GetValue("RateLimit:PermitLimit", 100);
var window = TimeSpan.FromSeconds(builder.Configuration.GetValue("RateLimit:WindowSeconds", 60));
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    o.AddPolicy(CatalogEndpoints.QuotePolicy, context => RedisRateLimitPartition.GetSlidingWindowLimiter(
        context.RequestServices.GetRequiredService<RedisCacheStore>(),
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        client => new RedisSlidingWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = window,
            Key = "rate:quotes:" + client,
            FailureMode = RedisRateLimiterFailureMode.FailOpen,
        }));
});

// Output caching of whole responses, on the same Redis (through the runtime's IBufferDistributedCache).
builder.Services.AddRedisDistributedCache();
builder.Services.AddOutputCache();
builder.Services.AddSingleton<IOutputCacheStore>(sp => new RedisOutputCacheStore(
    sp.GetRequiredService<RedisDistributedCache>(), sp.GetRequiredService<RedisCacheStore>()));

builder.Services.AddHealthChecks().AddRedisCache();
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMeter(CachingTelemetry.MeterName)
    .AddMeter("Microsoft.AspNetCore.Hosting")
    .AddPrometheusExporter());

var app = builder.Build();
app.Services.GetRequiredService<CatalogDatabase>().EnsureSeeded(builder.Configuration.GetValue("Catalog:Products", 1000));
app.UseRateLimiter();
app.UseOutputCache();

app.MapCatalog();
app.MapHealthChecks("/health");
app.MapPrometheusScrapingEndpoint("/metrics");
// Every cached method of the build, with its key, TTL, tags and invalidators (written by the generator).
app.MapGet("/diagnostics/cache-manifest", () => Results.Text(CacheManifest.Current.ToJson(), "application/json"));

app.Run();
