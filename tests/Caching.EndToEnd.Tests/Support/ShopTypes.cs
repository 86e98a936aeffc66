using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.EndToEnd.Tests.Support;

/// <summary>A cached type, stored as JSON through the user's source-generated context.</summary>
public sealed record Product(int Id, string Name, decimal Price);

/// <summary>A parameter whose members feed the key.</summary>
public sealed record OrderQuery(int OwnerId, int? Page);

/// <summary>What the in-memory repository implements, so tests call it without reflection.</summary>
public interface IProductRepository
{
    Task<Product?> GetProductAsync(int id, CancellationToken ct = default);

    ValueTask<int> CountAsync(string category, DateTime day, CancellationToken ct = default);

    string? GetName(int id);

    Task<Product[]> ListAsync(OrderQuery query, CancellationToken ct = default);

    Task<string?> GetLabelAsync(int id);
}

/// <summary>The "database" behind the repository: counts calls, and lets a test change what a call does.</summary>
public sealed class ProductDb
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Func<int, CancellationToken, Task<Product?>> Find { get; set; } =
        (id, _) => Task.FromResult(id < 0 ? null : new Product(id, "Product " + id, id * 1.5m));

    public Task<Product?> FindAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        return Find(id, ct);
    }

    public ValueTask<int> CountAsync(string category, DateTime day)
    {
        Interlocked.Increment(ref _calls);
        return new ValueTask<int>(category.Length + day.Day);
    }

    public string? Name(int id)
    {
        Interlocked.Increment(ref _calls);
        return id < 0 ? null : "Name " + id;
    }

    public Task<Product[]> ListAsync(OrderQuery query)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(new[] { new Product(query.OwnerId, "Owned", 1m) });
    }
}
