using System.Text.Json;
using System.Text.Json.Serialization;
using WebApi.Catalog;

namespace WebApi;

/// <summary>
/// System.Text.Json source generation for everything the API reads, writes and caches: the generated repository
/// methods and the minimal API endpoints both use it, so nothing is serialized by reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(CategoryListing))]
[JsonSerializable(typeof(PriceChange))]
[JsonSerializable(typeof(RepriceResult))]
[JsonSerializable(typeof(Quote))]
[JsonSerializable(typeof(CategorySummary))]
internal sealed partial class WebApiJson : JsonSerializerContext;
