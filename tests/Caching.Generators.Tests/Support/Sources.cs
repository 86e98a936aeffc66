namespace Caching.Generators.Tests.Support;

/// <summary>User code shared by the generator tests.</summary>
internal static class Sources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        """;

    /// <summary>
    /// A record and a JSON context for it. The context is written by hand (what System.Text.Json's generator would
    /// add) because that generator needs a newer Roslyn than the 4.8 these tests pin; the end-to-end tests run it.
    /// </summary>
    public const string UserAndJsonContext = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        namespace App
        {
            public sealed record User(int Id, string Name, Address? Home);

            public sealed record Address(string City, string Zip);

            [JsonSerializable(typeof(User))]
            [JsonSerializable(typeof(string[]))]
            public partial class AppJson : JsonSerializerContext
            {
                public AppJson() : base(null) { }
                public static AppJson Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
        }
        """;
}
