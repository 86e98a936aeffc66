using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Caching.Runtime.Tests.Support;

/// <summary>A small cached type for the JSON serializer.</summary>
public sealed record Product(int Id, string Name, decimal Price, IReadOnlyList<string> Tags)
{
    // Records compare lists by reference; compare the contents so a round-tripped value equals the original.
    public bool Equals(Product? other)
        => other is not null && Id == other.Id && Name == other.Name && Price == other.Price
           && System.Linq.Enumerable.SequenceEqual(Tags, other.Tags);

    public override int GetHashCode() => System.HashCode.Combine(Id, Name, Price, Tags.Count);
}

/// <summary>Source-generated metadata, as an application would write it: no reflection at run time.</summary>
[JsonSerializable(typeof(Product))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
}
