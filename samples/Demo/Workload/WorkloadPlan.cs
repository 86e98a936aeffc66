using System;
using System.Collections.Generic;
using Demo.Shop;

namespace Demo.Workload;

/// <summary>The three reads the shop serves, one per cached method.</summary>
public enum OperationKind
{
    Product,
    CategoryPage,
    DailySales,
}

/// <summary>One read of the workload; only the fields of its kind are set.</summary>
public readonly record struct Operation(OperationKind Kind, int ProductId, CategoryQuery? Query, DateOnly Day);

/// <summary>
/// Builds a deterministic read workload with the skew of real traffic: 70% product pages over 5,000 products
/// (Zipf, s = 1.1, so a few hundred products take most views), 20% category listings (popular categories, mostly
/// the first pages), 10% daily sales reports (recent days far more often than old ones).
/// </summary>
public static class WorkloadPlan
{
    public const int DefaultCalls = 6_000;
    public const double ProductSkew = 1.1;
    public const int ListedPages = 5;

    public static IReadOnlyList<Operation> Create(int calls, DateOnly lastDay, int seed = 42)
    {
        var random = new Random(seed);
        var productIds = Shuffled(DatabaseSeeder.ProductCount, random);
        var categoryIds = Shuffled(DatabaseSeeder.CategoryCount, random);
        var products = new ZipfSampler(DatabaseSeeder.ProductCount, ProductSkew);
        var categories = new ZipfSampler(DatabaseSeeder.CategoryCount, 0.8);
        var pages = new ZipfSampler(ListedPages, 1.5);
        var days = new ZipfSampler(DatabaseSeeder.DayCount, 1.0);

        var plan = new List<Operation>(calls);
        for (var i = 0; i < calls; i++)
        {
            var dice = random.Next(100);
            plan.Add(dice switch
            {
                < 70 => new Operation(OperationKind.Product, productIds[products.Next(random)], null, default),
                < 90 => new Operation(OperationKind.CategoryPage, 0, new CategoryQuery(categoryIds[categories.Next(random)], pages.Next(random)), default),
                _ => new Operation(OperationKind.DailySales, 0, null, lastDay.AddDays(-days.Next(random))),
            });
        }

        return plan;
    }

    /// <summary>1..count in a random order, so the popular ids are spread over the table rather than 1, 2, 3.</summary>
    private static int[] Shuffled(int count, Random random)
    {
        var ids = new int[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = i + 1;
        }

        random.Shuffle(ids);
        return ids;
    }
}
