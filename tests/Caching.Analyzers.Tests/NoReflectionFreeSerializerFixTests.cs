using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE017's fix: the missing type is listed on the project's one System.Text.Json context.</summary>
public sealed class NoReflectionFreeSerializerFixTests
{
    private const string Repository = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public sealed record Order(int Id, decimal Total);

        public sealed record Customer(int Id, string Name);

        public partial class OrderRepository(ICacheStore cache)
        {
            [Cached(Key = "order:<id>", Ttl = 600)]
            public partial {|CACHE017:RETURN|} {|CS8795:GetOrderAsync|}(int id);

            private RETURN GetOrderCoreAsync(int id) => throw new System.NotImplementedException();
        }
        """;

    // A context in its own namespace, with the half the System.Text.Json generator would write (no attributes).
    private const string Context = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        namespace App.Serialization;

        ATTRIBUTES
        internal partial class AppJson : JsonSerializerContext
        {
        }

        // Stand-in for the System.Text.Json generator's output, which these tests do not run.
        partial class AppJson
        {
            public AppJson() : base(null) { }
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
        }
        """;

    private const string SecondContext = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        namespace App;

        [JsonSerializable(typeof(int[]))]
        public partial class OtherJson : JsonSerializerContext
        {
            public OtherJson() : base(null) { }
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
        }
        """;

    [Theory]
    [InlineData("Task<Order?>", "[JsonSerializable(typeof(Order))]")]
    [InlineData("ValueTask<List<Order>>", "[JsonSerializable(typeof(System.Collections.Generic.List<Order>))]")]
    [InlineData("Task<Order[]>", "[JsonSerializable(typeof(Order[]))]")]
    [InlineData("Task<Dictionary<string, Customer>>", "[JsonSerializable(typeof(System.Collections.Generic.Dictionary<string, Customer>))]")]
    public Task Fix_ListsTheTypeAfterTheContextsOtherTypes(string returnType, string added) => Verifier.CodeFixAsync<AddJsonSerializableCodeFixProvider>(
        new[] { Repository.Replace("RETURN", returnType), WithAttributes("[JsonSerializable(typeof(Customer))]") },
        new[] { Fixed(Repository.Replace("RETURN", returnType)), WithAttributes("[JsonSerializable(typeof(Customer))]\n" + added) });

    [Fact]
    public Task Fix_ListsTheTypeOnAContextThatListsNothingYet() => Verifier.CodeFixAsync<AddJsonSerializableCodeFixProvider>(
        new[] { Repository.Replace("RETURN", "Task<Order?>"), WithAttributes("") },
        new[] { Fixed(Repository.Replace("RETURN", "Task<Order?>")), WithAttributes("[JsonSerializable(typeof(Order))]") });

    [Fact]
    public Task Fix_UsesTheContextTheAssemblyNames() => Verifier.CodeFixAsync<AddJsonSerializableCodeFixProvider>(
        new[]
        {
            "[assembly: Caching.CacheSerializerContext(typeof(App.Serialization.AppJson))]\n",
            Repository.Replace("RETURN", "Task<Order?>"),
            WithAttributes("[JsonSerializable(typeof(Customer))]"),
            SecondContext,
        },
        new[]
        {
            "[assembly: Caching.CacheSerializerContext(typeof(App.Serialization.AppJson))]\n",
            Fixed(Repository.Replace("RETURN", "Task<Order?>")),
            WithAttributes("[JsonSerializable(typeof(Customer))]\n[JsonSerializable(typeof(Order))]"),
            SecondContext,
        });

    [Fact]
    public Task Fix_IsNotOfferedWithTwoContextsAndNoneNamed()
    {
        var sources = new[] { Repository.Replace("RETURN", "Task<Order?>"), WithAttributes("[JsonSerializable(typeof(Customer))]"), SecondContext };
        return Verifier.CodeFixAsync<AddJsonSerializableCodeFixProvider>(sources, sources);
    }

    [Fact]
    public Task Fix_IsNotOfferedWithoutAContext()
    {
        var sources = new[] { Repository.Replace("RETURN", "Task<Order?>") };
        return Verifier.CodeFixAsync<AddJsonSerializableCodeFixProvider>(sources, sources);
    }

    [Fact]
    public Task Fix_IsNotOfferedForAContextThatIsNotPartial()
    {
        var sources = new[] { Repository.Replace("RETURN", "Task<Order?>"), SecondContext.Replace("public partial class", "public class") };
        return Verifier.CodeFixAsync<AddJsonSerializableCodeFixProvider>(sources, sources);
    }

    [Fact]
    public Task FixAll_ListsEveryTypeOnce() => Verifier.FixAllAsync<AddJsonSerializableCodeFixProvider>(
        new[] { Several, WithAttributes("[JsonSerializable(typeof(int[]))]") },
        new[]
        {
            Several.Replace("{|CACHE017:", "").Replace("|}", "").Replace("{|CS8795:GetOrderAsync", "{|CS8795:GetOrderAsync|}")
                .Replace("{|CS8795:GetLatestAsync", "{|CS8795:GetLatestAsync|}").Replace("{|CS8795:GetHistoryAsync", "{|CS8795:GetHistoryAsync|}")
                .Replace("{|CS8795:GetCustomerAsync", "{|CS8795:GetCustomerAsync|}"),
            WithAttributes("""
                [JsonSerializable(typeof(int[]))]
                [JsonSerializable(typeof(Order))]
                [JsonSerializable(typeof(System.Collections.Generic.List<Order>))]
                [JsonSerializable(typeof(Customer))]
                """),
        });

    private const string Several = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public sealed record Order(int Id, decimal Total);

        public sealed record Customer(int Id, string Name);

        public partial class OrderRepository(ICacheStore cache)
        {
            [Cached(Key = "order:<id>", Ttl = 600)]
            public partial {|CACHE017:Task<Order?>|} {|CS8795:GetOrderAsync|}(int id);

            [Cached(Key = "latest:<customerId>", Ttl = 600)]
            public partial {|CACHE017:Task<Order?>|} {|CS8795:GetLatestAsync|}(int customerId);

            [Cached(Key = "history:<customerId>", Ttl = 600)]
            public partial {|CACHE017:Task<List<Order>>|} {|CS8795:GetHistoryAsync|}(int customerId);

            [Cached(Key = "customer:<id>", Ttl = 600)]
            public partial {|CACHE017:Task<Customer?>|} {|CS8795:GetCustomerAsync|}(int id);

            private Task<Order?> GetOrderCoreAsync(int id) => Task.FromResult<Order?>(null);

            private Task<Order?> GetLatestCoreAsync(int customerId) => Task.FromResult<Order?>(null);

            private Task<List<Order>> GetHistoryCoreAsync(int customerId) => Task.FromResult(new List<Order>());

            private Task<Customer?> GetCustomerCoreAsync(int id) => Task.FromResult<Customer?>(null);
        }
        """;

    private static string WithAttributes(string attributes)
        => attributes.Length == 0 ? Context.Replace("ATTRIBUTES\n", "") : Context.Replace("ATTRIBUTES", attributes);

    private static string Fixed(string repository) => repository.Replace("{|CACHE017:", "").Replace("|} {|CS8795:", " {|CS8795:");
}
