using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Keys;

/// <summary>CACHE023: a mutable value handed to every caller from L1.</summary>
public sealed class SharedMutableValueTests
{
    private const string Types = """

        public sealed class Account { public int Id { get; set; } }
        public sealed class Ledger { public int Id { get; init; } public List<int> Entries { get; } = new(); }
        public sealed class Counter { public int Count; }
        public sealed record Profile(int Id, string Name);
        public sealed class Frozen { public int Id { get; init; } public IReadOnlyList<int> Entries { get; init; } = []; }
        [ImmutableObject(true)] public sealed class Trusted { public int Id { get; set; } }

        [System.Text.Json.Serialization.JsonSerializable(typeof(Account))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(Ledger))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(Counter))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(Profile))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(Frozen))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(Trusted))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(List<Profile>))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<Profile>))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<int, Profile>))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(Profile[]))]
        public partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            public AppJson() : base(null) { }
            public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
            protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
        }
        """;

    [Theory]
    [InlineData("Account", "App.Account", "its property 'Id' has a setter")]
    [InlineData("Ledger", "App.Ledger", "its property 'Entries' is a collection that can be changed")]
    [InlineData("Counter", "App.Counter", "its field 'Count' is writable")]
    [InlineData("List<Profile>", "System.Collections.Generic.List<App.Profile>", "'List' can be added to and changed")]
    [InlineData("Dictionary<int, Profile>", "System.Collections.Generic.Dictionary<int, App.Profile>", "'Dictionary' can be added to and changed")]
    [InlineData("Profile[]", "App.Profile[]", "an array's elements can be replaced")]
    [InlineData("Account?", "App.Account", "its property 'Id' has a setter")]
    public Task MutableValueWithL1_ReportsCache023AtTheReturnType(string valueType, string shown, string reason) => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"r:<id>\", Ttl = 600, LocalTtl = 30)]", "int id", "int id", valueType) + Types,
        Verifier.Diagnostic("CACHE023").WithSpan(14, 20, 14, 26 + valueType.Length).WithArguments(shown, "CountAsync", reason));

    [Fact]
    public Task L1FromTheTypeDefaults_Counts() => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"r:<id>\", Ttl = 600)]", "int id", "int id", "Account", "[CacheDefaults(LocalTtl = 30)]")
            .Replace("public partial Task<Account>", "public partial {|CACHE023:Task<Account>|}") + Types);

    [Theory]
    [InlineData("Profile")]
    [InlineData("Frozen")]
    [InlineData("Trusted")]
    [InlineData("IReadOnlyList<Profile>")]
    [InlineData("string")]
    [InlineData("int")]
    public Task ImmutableValueWithL1_IsQuiet(string valueType) => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"r:<id>\", Ttl = 600, LocalTtl = 30)]", "int id", "int id", valueType) + Types);

    [Fact]
    public Task MutableValueWithoutL1_IsQuiet() => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"r:<id>\", Ttl = 600)]", "int id", "int id", "Account") + Types);
}
