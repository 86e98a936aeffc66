using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace RealisticCode.Caching;

public sealed record User(int Id, string Email, string DisplayName);

public sealed record Order(long Id, int CustomerId, IReadOnlyList<OrderLine> Lines, string Status);

public sealed record OrderLine(int ProductId, int Quantity, decimal UnitPrice);

public sealed record OrderSummary(long Id, string Status, decimal Total);

public sealed record Product(int Id, string Name, decimal Price, int CategoryId);

public sealed record CategoryQuery(int CategoryId, int Page);

public sealed record CategoryPage(int CategoryId, int Page, IReadOnlyList<Product> Products);

/// <summary>The System.Text.Json source-generated context the generated cache code serializes through.</summary>
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(IReadOnlyList<OrderSummary>))]
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(CategoryPage))]
internal sealed partial class AppJson : JsonSerializerContext;
