using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealisticCode.Caching;
using StackExchange.Redis;

namespace RealisticCode.Redis;

/// <summary>
/// Publishes price changes and reacts to them in every instance: an asynchronous handler on a channel queue, which
/// catches its own exceptions (StackExchange.Redis would discard them).
/// </summary>
public sealed class PriceChangeNotifier(IConnectionMultiplexer redis, ProductCatalog catalog, ILogger<PriceChangeNotifier> logger)
{
    private static readonly RedisChannel PriceChanges = RedisChannel.Literal("price-changes");

    private ChannelMessageQueue? _queue;

    public async Task StartAsync()
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(PriceChanges);
        _queue.OnMessage(async message =>
        {
            try
            {
                var productId = (int)message.Message;
                var product = await catalog.GetProductAsync(productId, CancellationToken.None);
                logger.LogInformation("Product {ProductId} now costs {Price}", productId, product?.Price);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Handling a price change failed");
            }
        });
    }

    public async Task<long> PublishAsync(int productId) => await redis.GetSubscriber().PublishAsync(PriceChanges, productId);

    public async Task StopAsync()
    {
        if (_queue is { } queue)
        {
            await queue.UnsubscribeAsync();
        }
    }
}
