using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RealisticCode.Caching;

/// <summary>The system of record behind the caches (a SQL database in a real service).</summary>
public interface IUserDatabase
{
    Task<User?> FindAsync(int id, CancellationToken cancellationToken);

    Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken);

    Task SaveAsync(User user, CancellationToken cancellationToken);

    Task DeleteAsync(int id, CancellationToken cancellationToken);
}

public interface IOrderDatabase
{
    Task<Order?> FindAsync(long orderId, CancellationToken cancellationToken);

    Task<IReadOnlyList<OrderSummary>> ListForCustomerAsync(int customerId, int page, CancellationToken cancellationToken);

    Task<Order> InsertAsync(Order order, CancellationToken cancellationToken);

    Task CancelAsync(long orderId, CancellationToken cancellationToken);
}

public interface IProductDatabase
{
    Task<Product?> FindAsync(int id, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<int, Product?>> FindManyAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken);

    Task<CategoryPage> ListCategoryAsync(int categoryId, int page, CancellationToken cancellationToken);

    Task<Product?> UpdatePriceAsync(int id, decimal price, CancellationToken cancellationToken);

    Task<int> RepriceCategoryAsync(int categoryId, decimal factor, CancellationToken cancellationToken);
}
