using System.Text.Json.Serialization;

namespace Demo.Shop;

/// <summary>
/// The System.Text.Json source-generated context the generated cache code serializes through: no reflection.
/// The generator finds it because it lists the cached types.
/// </summary>
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(CategoryPage))]
[JsonSerializable(typeof(DailySales))]
internal sealed partial class DemoJson : JsonSerializerContext;
