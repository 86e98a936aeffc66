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
}
