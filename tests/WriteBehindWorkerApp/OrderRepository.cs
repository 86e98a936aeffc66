using System;
using System.Threading;
using System.Threading.Tasks;
using Caching;

namespace WriteBehindWorkerApp;

/// <summary>
/// The application side of the crash test, as a user writes it: one <c>[WriteBehind]</c> method. The generator
/// writes its body (queue the call in the Redis Stream, cache the value) and the dispatch table
/// <c>WriteBehindHandlers(target)</c> the worker runs it through.
/// </summary>
internal sealed partial class OrderRepository(ICacheStore cache, AppendOnlyDatabase? database, TimeSpan coreDuration)
{
    [WriteBehind(Key = "order:<orderId>", Ttl = 600)]
    public partial Task SaveOrderLaterAsync(int orderId, CancellationToken ct = default);

    // The database write: takes a few milliseconds, like a real one, so a kill lands in the middle of the queue.
    private async Task SaveOrderLaterCoreAsync(int orderId, CancellationToken ct)
    {
        await Task.Delay(coreDuration, ct).ConfigureAwait(false);
        (database ?? throw new InvalidOperationException("The producer has no database; only workers run cores.")).Append(orderId);
    }
}
