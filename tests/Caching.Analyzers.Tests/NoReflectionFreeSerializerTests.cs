using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE017: a JSON-stored type is listed by no System.Text.Json context (or not by the one the assembly names).</summary>
public sealed class NoReflectionFreeSerializerTests
{
    private const string Repository = """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public sealed record Order(int Id, decimal Total);

        public partial class OrderRepository(ICacheStore cache)
        {
            [Cached(Key = "order:<id>", Ttl = 600)]
            public partial RETURN {|CS8795:GetOrderAsync|}(int id);

            private Task<Order?> GetOrderCoreAsync(int id) => Task.FromResult<Order?>(null);
        }
        """;

    private const string OtherContext = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        namespace App;

        [JsonSerializable(typeof(Order))]
        public partial class OrderJson : JsonSerializerContext
        {
        }

        // Stand-in for the System.Text.Json generator's output, which these tests do not run.
        partial class OrderJson
        {
            public OrderJson() : base(null) { }
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
        }
        """;

    [Fact]
    public Task NoContextAtAll_ReportsCache017AtTheReturnType() => Verifier.AnalyzerAsync(
        Repository.Replace("RETURN", "Task<Order?>"),
        Verifier.Diagnostic("CACHE017").WithSpan(11, 20, 11, 32)
            .WithArguments("App.Order?", "declare a 'partial class AppJson : JsonSerializerContext' with [JsonSerializable(typeof(App.Order))]"));

    [Fact]
    public Task ContextThatDoesNotListTheType_ReportsCache017NamingIt() => Verifier.AnalyzerAsync(
        new[] { Repository.Replace("RETURN", "Task<Order?>"), Sources.Domain },
        Verifier.Diagnostic("CACHE017").WithSpan(11, 20, 11, 32)
            .WithArguments("App.Order?", "add [JsonSerializable(typeof(App.Order))] to 'App.AppJson'"));

    [Fact]
    public Task AssemblyContextThatDoesNotListTheType_ReportsCache017EvenWhenAnotherDoes() => Verifier.AnalyzerAsync(
        new[] { "[assembly: Caching.CacheSerializerContext(typeof(App.AppJson))]\n", Repository.Replace("RETURN", "{|CACHE017:Task<Order?>|}"), Sources.Domain, OtherContext });

    [Fact]
    public Task ValueTaskOfAList_ReportsCache017() => Verifier.AnalyzerAsync(
        new[] { Repository.Replace("RETURN", "{|CACHE017:ValueTask<System.Collections.Generic.List<Order>>|}").Replace("Task<Order?> GetOrderCoreAsync", "ValueTask<System.Collections.Generic.List<Order>> GetOrderCoreAsync").Replace("Task.FromResult<Order?>(null)", "default"), OtherContext });

    [Fact]
    public Task ContextListingTheType_IsQuiet() => Verifier.AnalyzerAsync(
        new[] { Repository.Replace("RETURN", "Task<Order?>").Replace("{|CS8795:GetOrderAsync|}", "GetOrderAsync") + Implementation, OtherContext });

    [Fact]
    public Task AssemblyContextListingTheType_IsQuiet() => Verifier.AnalyzerAsync(
        new[]
        {
            "[assembly: Caching.CacheSerializerContext(typeof(App.OrderJson))]\n",
            Repository.Replace("RETURN", "Task<Order?>").Replace("{|CS8795:GetOrderAsync|}", "GetOrderAsync") + Implementation,
            Sources.Domain,
            OtherContext,
        });

    [Fact]
    public Task RawTypes_NeedNoContext() => Verifier.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public enum Tier { Free, Paid }

        public partial class Stats(ICacheStore cache)
        {
            [Cached(Key = "a:<id>", Ttl = 60)] public partial Task<int> CountAsync(int id);
            [Cached(Key = "b:<id>", Ttl = 60)] public partial Task<string?> NameAsync(int id);
            [Cached(Key = "c:<id>", Ttl = 60)] public partial Task<byte[]> BlobAsync(int id);
            [Cached(Key = "d:<id>", Ttl = 60)] public partial Task<Guid?> TokenAsync(int id);
            [Cached(Key = "e:<id>", Ttl = 60)] public partial Task<Tier> TierAsync(int id);
            [Cached(Key = "f:<id>", Ttl = 60)] public partial Task<DateTimeOffset> SeenAsync(int id);

            private Task<int> CountCoreAsync(int id) => Task.FromResult(id);
            private Task<string?> NameCoreAsync(int id) => Task.FromResult<string?>(null);
            private Task<byte[]> BlobCoreAsync(int id) => Task.FromResult(new byte[id]);
            private Task<Guid?> TokenCoreAsync(int id) => Task.FromResult<Guid?>(null);
            private Task<Tier> TierCoreAsync(int id) => Task.FromResult(Tier.Free);
            private Task<DateTimeOffset> SeenCoreAsync(int id) => Task.FromResult(DateTimeOffset.UnixEpoch);
        }

        // Stand-in for the generator's output, which these tests do not run.
        partial class Stats
        {
            public partial Task<int> CountAsync(int id) => CountCoreAsync(id);
            public partial Task<string?> NameAsync(int id) => NameCoreAsync(id);
            public partial Task<byte[]> BlobAsync(int id) => BlobCoreAsync(id);
            public partial Task<Guid?> TokenAsync(int id) => TokenCoreAsync(id);
            public partial Task<Tier> TierAsync(int id) => TierCoreAsync(id);
            public partial Task<DateTimeOffset> SeenAsync(int id) => SeenCoreAsync(id);
        }
        """);

    private const string Implementation = """

        // Stand-in for the generator's output, which these tests do not run.
        partial class OrderRepository
        {
            public partial Task<Order?> GetOrderAsync(int id) => GetOrderCoreAsync(id);
        }
        """;
}
