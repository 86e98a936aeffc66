using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Caching;

namespace RealisticCode.Caching;

/// <summary>Orders and each customer's order history, invalidated by tag when an order is placed or cancelled.</summary>
[CacheDefaults(KeyPrefix = "shop", Ttl = 900, Jitter = 90)]
public sealed partial class OrderRepository(ICacheStore cache, IOrderDatabase db)
{
    [Cached(Key = "order:<orderId>")]
    public partial Task<Order?> GetOrderAsync(long orderId, CancellationToken ct = default);

    private Task<Order?> GetOrderCoreAsync(long orderId, CancellationToken ct) => db.FindAsync(orderId, ct);

    [Cached(Key = "customer:<customerId>:orders:<page>", Ttl = 120, Jitter = 12, Tags = ["customer-orders:<customerId>"])]
    public partial Task<IReadOnlyList<OrderSummary>> GetOrderHistoryAsync(int customerId, int page, CancellationToken ct = default);

    private Task<IReadOnlyList<OrderSummary>> GetOrderHistoryCoreAsync(int customerId, int page, CancellationToken ct)
        => db.ListForCustomerAsync(customerId, page, ct);

    /// <summary>Inserts the order, stores what the database returned, and drops the customer's cached history.</summary>
    [WriteThrough(Key = "order:<order.Id>")]
    [InvalidatesTag("customer-orders:<order.CustomerId>")]
    public partial Task<Order> PlaceOrderAsync(Order order, CancellationToken ct = default);

    private Task<Order> PlaceOrderCoreAsync(Order order, CancellationToken ct) => db.InsertAsync(order, ct);

    [Invalidates(Key = "order:<orderId>")]
    [InvalidatesTag("customer-orders:<customerId>")]
    public partial Task CancelOrderAsync(long orderId, int customerId, CancellationToken ct = default);

    private Task CancelOrderCoreAsync(long orderId, int customerId, CancellationToken ct) => db.CancelAsync(orderId, ct);
}
