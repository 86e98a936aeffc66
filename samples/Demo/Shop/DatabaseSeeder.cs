using System;
using System.Diagnostics;
using System.Globalization;
using Demo.Workload;
using Microsoft.Data.Sqlite;

namespace Demo.Shop;

/// <summary>What the seeder wrote.</summary>
public sealed record SeedSummary(int Categories, int Products, int Reviews, int OrderLines, DateOnly FirstDay, DateOnly LastDay, TimeSpan Elapsed);

/// <summary>
/// Creates the catalogue schema and fills it with deterministic, realistic-looking data: categories, products
/// with prices and stock, reviews skewed towards popular products, and 90 days of order lines.
/// </summary>
public static class DatabaseSeeder
{
    public const int CategoryCount = 20;
    public const int ProductCount = 5_000;
    public const int ReviewCount = 60_000;
    public const int DayCount = 90;
    public const int OrderLineCount = 150_000;

    private static readonly string[] Categories =
    [
        "Kitchen", "Garden", "Outdoor", "Office", "Lighting", "Bath", "Bedding", "Tools", "Storage", "Toys",
        "Audio", "Cycling", "Camping", "Pets", "Fitness", "Travel", "Stationery", "Decor", "Laundry", "Baby",
    ];

    private static readonly string[] Adjectives =
    [
        "Compact", "Deluxe", "Classic", "Eco", "Foldable", "Heavy-Duty", "Portable", "Smart", "Vintage", "Ultra-Light",
        "Premium", "Everyday", "Modular", "Rugged", "Minimal",
    ];

    private static readonly string[] Materials =
    [
        "Oak", "Steel", "Bamboo", "Linen", "Ceramic", "Aluminium", "Cotton", "Walnut", "Glass", "Recycled", "Copper", "Wool",
    ];

    private static readonly string[] Nouns =
    [
        "Lamp", "Kettle", "Backpack", "Shelf", "Planter", "Speaker", "Mat", "Organizer", "Bottle", "Chair", "Basket",
        "Clock", "Tent", "Blanket", "Toolbox", "Desk", "Mug", "Lantern", "Stool", "Rack",
    ];

    public static SeedSummary Seed(SqliteConnection connection, DateOnly lastDay)
    {
        var stopwatch = Stopwatch.StartNew();
        var random = new Random(20_240_611);
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, """
            CREATE TABLE categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE products (
                id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                category_id INTEGER NOT NULL REFERENCES categories(id), price_cents INTEGER NOT NULL, stock INTEGER NOT NULL);
            CREATE INDEX ix_products_category_name ON products(category_id, name);
            CREATE TABLE reviews (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id), rating INTEGER NOT NULL);
            CREATE INDEX ix_reviews_product ON reviews(product_id);
            CREATE TABLE order_lines (
                id INTEGER PRIMARY KEY, day TEXT NOT NULL, product_id INTEGER NOT NULL REFERENCES products(id),
                quantity INTEGER NOT NULL, unit_price_cents INTEGER NOT NULL);
            CREATE INDEX ix_order_lines_day ON order_lines(day);
            """);

        Insert(connection, transaction, "INSERT INTO categories (id, name) VALUES ($p1, $p2)", CategoryCount,
            (i, p) => { p[0].Value = i + 1; p[1].Value = Categories[i]; });

        var prices = new int[ProductCount + 1];
        Insert(connection, transaction, "INSERT INTO products (id, sku, name, category_id, price_cents, stock) VALUES ($p1, $p2, $p3, $p4, $p5, $p6)", ProductCount,
            (i, p) =>
            {
                var id = i + 1;
                prices[id] = (random.Next(2, 400) * 50) - 1; // 0.99 to 199.49
                p[0].Value = id;
                p[1].Value = $"SKU-{id:D6}";
                p[2].Value = $"{Adjectives[random.Next(Adjectives.Length)]} {Materials[random.Next(Materials.Length)]} {Nouns[random.Next(Nouns.Length)]}";
                p[3].Value = random.Next(CategoryCount) + 1;
                p[4].Value = prices[id];
                p[5].Value = random.Next(0, 500);
            });

        // Popular products get most of the reviews and orders: the same long tail a real shop has.
        var popularity = new ZipfSampler(ProductCount, 1.0);
        Insert(connection, transaction, "INSERT INTO reviews (product_id, rating) VALUES ($p1, $p2)", ReviewCount,
            (_, p) => { p[0].Value = popularity.Next(random) + 1; p[1].Value = Math.Min(5, 2 + random.Next(4) + random.Next(2)); });

        var firstDay = lastDay.AddDays(-(DayCount - 1));
        Insert(connection, transaction, "INSERT INTO order_lines (day, product_id, quantity, unit_price_cents) VALUES ($p1, $p2, $p3, $p4)", OrderLineCount,
            (_, p) =>
            {
                var productId = popularity.Next(random) + 1;
                p[0].Value = firstDay.AddDays(random.Next(DayCount)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                p[1].Value = productId;
                p[2].Value = 1 + (random.Next(10) == 0 ? random.Next(2, 6) : 0);
                p[3].Value = prices[productId];
            });

        transaction.Commit();
        Execute(connection, null, "ANALYZE;");
        return new SeedSummary(CategoryCount, ProductCount, ReviewCount, OrderLineCount, firstDay, lastDay, stopwatch.Elapsed);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, string sql, int rows, Action<int, SqliteParameter[]> fill)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameterCount = sql.Split("$p").Length - 1;
        var parameters = new SqliteParameter[parameterCount];
        for (var i = 0; i < parameterCount; i++)
        {
            parameters[i] = command.Parameters.Add(new SqliteParameter("$p" + (i + 1), null));
        }

        command.Prepare();
        for (var row = 0; row < rows; row++)
        {
            fill(row, parameters);
            command.ExecuteNonQuery();
        }
    }
}
