using System;
using System.Threading;
using System.Threading.Tasks;
using Caching;

namespace WriteBehindWorkerApp;

/// <summary>
/// The application side of the crash test: a repository with one write-behind method's core, and its dispatch
/// table. The table is written by hand, in the shape the generator emits for a <c>[WriteBehind]</c> method, until
/// this app switches to a generated repository. The crash test queues calls with the same handler id and
/// argument layout (one <c>int</c>).
/// </summary>
internal sealed class OrderRepository(AppendOnlyDatabase database, TimeSpan coreDuration)
{
    public const string SaveOrderHandlerId = "WriteBehindWorkerApp.OrderRepository.SaveOrderLaterAsync";

    /// <summary>The dispatch table: handler ids to calls of the cores, without reflection.</summary>
    public static WriteBehindHandler[] WriteBehindHandlers(OrderRepository target) =>
    [
        new WriteBehindHandler(SaveOrderHandlerId, async (payload, cancellationToken) =>
        {
            var reader = new WriteBehindArgumentReader(payload);
            var orderId = reader.Read(UnmanagedCacheSerializer<int>.Instance);
            reader.EnsureEnd();
            await target.SaveOrderLaterCoreAsync(orderId, cancellationToken).ConfigureAwait(false);
        }),
    ];

    // The database write: takes a few milliseconds, like a real one, so a kill lands in the middle of the queue.
    private async Task SaveOrderLaterCoreAsync(int orderId, CancellationToken cancellationToken)
    {
        await Task.Delay(coreDuration, cancellationToken).ConfigureAwait(false);
        database.Append(orderId);
    }
}
