using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Demo.Shop;

/// <summary>
/// The data access the repository's core methods call: plain SQL over one SQLite connection. Not thread-safe; the
/// demo's workload runs one call at a time.
/// </summary>
/// <param name="connection">An open connection to a seeded database.</param>
/// <param name="networkRoundTrip">
/// Extra wait per query, standing in for the network hop to a database server (SQLite runs in-process, so it has
/// none); zero for none. It is a busy wait, because timers cannot wait less than a millisecond precisely.
/// </param>
public sealed class ShopDatabase(SqliteConnection connection, TimeSpan networkRoundTrip)
{
    public const int PageSize = 20;

    public TimeSpan NetworkRoundTrip => networkRoundTrip;

    public async Task<Product?> FindProductAsync(int id, CancellationToken ct)
    {
        SimulateNetwork();
        using var command = Command("""
            SELECT p.id, p.sku, p.name, c.name, p.price_cents, p.stock, COALESCE(AVG(r.rating), 0), COUNT(r.id)
            FROM products p
            JOIN categories c ON c.id = p.category_id
            LEFT JOIN reviews r ON r.product_id = p.id
            WHERE p.id = $id
            GROUP BY p.id
            """, ("$id", id));
        using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new Product(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            Money(reader.GetInt64(4)), reader.GetInt32(5), Math.Round(reader.GetDouble(6), 2), reader.GetInt32(7));
    }

    public async Task<CategoryPage> ListCategoryAsync(CategoryQuery query, CancellationToken ct)
    {
        SimulateNetwork();
        using var command = Command("""
            SELECT c.name, (SELECT COUNT(*) FROM products WHERE category_id = c.id) FROM categories c WHERE c.id = $category;
            SELECT id, name, price_cents FROM products WHERE category_id = $category ORDER BY name, id LIMIT $size OFFSET $offset;
            """, ("$category", query.CategoryId), ("$size", PageSize), ("$offset", query.Page * PageSize));
        using var reader = await command.ExecuteReaderAsync(ct);
        var category = "";
        var total = 0;
        if (await reader.ReadAsync(ct))
        {
            category = reader.GetString(0);
            total = reader.GetInt32(1);
        }

        await reader.NextResultAsync(ct);
        var items = new List<ProductSummary>(PageSize);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new ProductSummary(reader.GetInt32(0), reader.GetString(1), Money(reader.GetInt64(2))));
        }

        return new CategoryPage(query.CategoryId, category, query.Page, total, items);
    }

    public DailySales SalesOfDay(DateOnly day)
    {
        SimulateNetwork();
        using var command = Command("""
            SELECT COUNT(*), COALESCE(SUM(quantity), 0), COALESCE(SUM(quantity * unit_price_cents), 0) FROM order_lines WHERE day = $day;
            SELECT product_id, SUM(quantity) AS units FROM order_lines WHERE day = $day GROUP BY product_id ORDER BY units DESC, product_id LIMIT 1;
            """, ("$day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        using var reader = command.ExecuteReader();
        reader.Read();
        int lines = reader.GetInt32(0), units = reader.GetInt32(1);
        var revenue = Money(reader.GetInt64(2));
        reader.NextResult();
        var (topId, topUnits) = reader.Read() ? (reader.GetInt32(0), reader.GetInt32(1)) : (0, 0);
        return new DailySales(day, lines, units, revenue, topId, topUnits);
    }

    /// <summary>Sets a product's price; returns whether the product exists.</summary>
    public async Task<bool> UpdatePriceAsync(int id, decimal price, CancellationToken ct)
    {
        SimulateNetwork();
        using var command = Command("UPDATE products SET price_cents = $cents WHERE id = $id", ("$cents", (long)Math.Round(price * 100m)), ("$id", id));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Multiplies the price of every product of a category; returns how many changed.</summary>
    public async Task<int> RepriceCategoryAsync(int categoryId, decimal factor, CancellationToken ct)
    {
        SimulateNetwork();
        using var command = Command("UPDATE products SET price_cents = CAST(ROUND(price_cents * $factor) AS INTEGER) WHERE category_id = $category",
            ("$factor", (double)factor), ("$category", categoryId));
        return await command.ExecuteNonQueryAsync(ct);
    }

    private void SimulateNetwork()
    {
        if (networkRoundTrip <= TimeSpan.Zero)
        {
            return;
        }

        var until = Stopwatch.GetTimestamp() + (long)(networkRoundTrip.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(20);
        }
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static decimal Money(long cents) => cents / 100m;
}
