namespace WebApi.Catalog;

/// <summary>A product as the API returns it and as it is cached.</summary>
public sealed record Product(int Id, string Name, int CategoryId, decimal Price);

/// <summary>One category's products, cached as one entry tagged with the category.</summary>
public sealed record CategoryListing(int CategoryId, IReadOnlyList<Product> Products);

/// <summary>The body of <c>PUT /products/{id}/price</c>.</summary>
public sealed record PriceChange(decimal Price);

/// <summary>The answer of <c>POST /categories/{id}/reprice</c>.</summary>
public sealed record RepriceResult(int CategoryId, int Updated);

/// <summary>The answer of <c>GET /quotes/{id}</c>.</summary>
public sealed record Quote(int ProductId, decimal Price, DateTimeOffset QuotedAt);

/// <summary>The answer of <c>GET /categories/{id}/summary</c>; <see cref="GeneratedAt"/> shows when it was computed.</summary>
public sealed record CategorySummary(int CategoryId, int Products, decimal TotalPrice, DateTimeOffset GeneratedAt);
