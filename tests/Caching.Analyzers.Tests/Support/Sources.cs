namespace Caching.Analyzers.Tests.Support;

/// <summary>Source files many tests share.</summary>
internal static class Sources
{
    /// <summary>
    /// A cached type and a System.Text.Json context that lists it. The second half of the context is what the
    /// System.Text.Json generator would write; it does not run in these tests.
    /// </summary>
    public const string Domain = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        namespace App;

        public sealed record User(int Id, string Name);

        [JsonSerializable(typeof(User))]
        public partial class AppJson : JsonSerializerContext
        {
        }

        public partial class AppJson
        {
            public AppJson() : base(null) { }
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
        }
        """;

    /// <summary>
    /// Reading methods for the write tests to match: <c>user:&lt;id&gt;</c> tagged <c>user:&lt;id&gt;</c> (which
    /// <c>ForgetUserAsync</c> invalidates) and <c>orders:&lt;userId&gt;</c>, with the generator's stand-in output.
    /// </summary>
    public const string Readers = """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserReader(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600, Tags = ["user:<id>"])]
            public partial Task<User?> GetUserAsync(int id);

            [Cached(Key = "orders:<userId>", Ttl = 600)]
            public partial Task<int> CountOrdersAsync(int userId);

            [InvalidatesTag("user:<id>")]
            public partial Task ForgetUserAsync(int id);

            private Task<User?> GetUserCoreAsync(int id) => Task.FromResult<User?>(null);

            private Task<int> CountOrdersCoreAsync(int userId) => Task.FromResult(userId);

            private Task ForgetUserCoreAsync(int id) => Task.CompletedTask;
        }

        // Stand-in for the generator's output, which these tests do not run.
        partial class UserReader
        {
            public partial Task<User?> GetUserAsync(int id) => GetUserCoreAsync(id);

            public partial Task<int> CountOrdersAsync(int userId) => CountOrdersCoreAsync(userId);

            public partial Task ForgetUserAsync(int id) => ForgetUserCoreAsync(id);
        }
        """;
}
