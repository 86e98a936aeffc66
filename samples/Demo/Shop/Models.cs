using System;
using System.Collections.Generic;

namespace Demo.Shop;

/// <summary>A product as the product page shows it: catalogue data joined with its category and review summary.</summary>
public sealed record Product(
    int Id, string Sku, string Name, string Category, decimal Price, int Stock, double AverageRating, int ReviewCount);

/// <summary>One line of a category listing.</summary>
public sealed record ProductSummary(int Id, string Name, decimal Price);

/// <summary>Which page of which category to list.</summary>
public sealed record CategoryQuery(int CategoryId, int Page);

/// <summary>One page of a category listing, sorted by name.</summary>
public sealed record CategoryPage(int CategoryId, string Category, int Page, int TotalProducts, IReadOnlyList<ProductSummary> Items);

/// <summary>The sales report of one day: aggregated over that day's order lines.</summary>
public sealed record DailySales(DateOnly Day, int OrderLines, int Units, decimal Revenue, int TopProductId, int TopProductUnits);
