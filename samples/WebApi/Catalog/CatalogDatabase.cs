using Microsoft.Data.Sqlite;

namespace WebApi.Catalog;

/// <summary>
/// The database the repository's core methods call: SQLite through Microsoft.Data.Sqlite, one pooled connection per
/// call so concurrent requests never share one. Counts its reads, so a client can tell a cache miss from a hit.
/// </summary>
public sealed class CatalogDatabase(string connectionString)
{
    private long _reads;

    /// <summary>Queries that read products: each one is a cache miss of the API.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Creates the schema and, when the table is empty, <paramref name="products"/> products in 10 categories.</summary>
    public void EnsureSeeded(int products)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL, category_id INTEGER NOT NULL, price_cents INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS products_by_category ON products (category_id);
            """);
        using var count = Command(connection, transaction, "SELECT COUNT(*) FROM products");
        if ((long)count.ExecuteScalar()! == 0)
        {
            using var insert = Command(connection, transaction, "INSERT INTO products VALUES ($id, $name, $category, $price)");
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var name = insert.Parameters.Add("$name", SqliteType.Text);
            var category = insert.Parameters.Add("$category", SqliteType.Integer);
            var price = insert.Parameters.Add("$price", SqliteType.Integer);
            for (var i = 1; i <= products; i++)
            {
                id.Value = i;
                name.Value = "Product " + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                category.Value = i % 10;
                price.Value = 100 + i * 7 % 9_900;
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    public async Task<Product?> FindAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        await using var connection = Open();
        await using var command = Command(connection, null, "SELECT id, name, category_id, price_cents FROM products WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public async Task<CategoryListing> ListCategoryAsync(int categoryId, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        await using var connection = Open();
        await using var command = Command(connection, null,
            "SELECT id, name, category_id, price_cents FROM products WHERE category_id = $category ORDER BY id LIMIT 50");
        command.Parameters.AddWithValue("$category", categoryId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var products = new List<Product>();
        while (await reader.ReadAsync(ct))
        {
            products.Add(Read(reader));
        }

        return new CategoryListing(categoryId, products);
    }

    /// <summary>Sets one product's price; false when there is no such product.</summary>
    public async Task<bool> SetPriceAsync(int id, decimal price, CancellationToken ct)
    {
        await using var connection = Open();
        await using var command = Command(connection, null, "UPDATE products SET price_cents = $price WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$price", Cents(price));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Multiplies every price of a category by <paramref name="factor"/>; returns how many changed.</summary>
    public async Task<int> RepriceCategoryAsync(int categoryId, decimal factor, CancellationToken ct)
    {
        await using var connection = Open();
        await using var command = Command(connection, null,
            "UPDATE products SET price_cents = CAST(ROUND(price_cents * $factor) AS INTEGER) WHERE category_id = $category");
        command.Parameters.AddWithValue("$category", categoryId);
        command.Parameters.AddWithValue("$factor", (double)factor);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private static Product Read(SqliteDataReader reader)
        => new(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3) / 100m);

    private static long Cents(decimal price) => (long)Math.Round(price * 100m, MidpointRounding.AwayFromZero);
}
