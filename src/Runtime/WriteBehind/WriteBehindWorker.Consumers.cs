using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

public sealed partial class WriteBehindWorker
{
    // The most time between two sweeps of idle consumers; they pile up slowly (one per process that ever ran), so
    // a sweep every few minutes keeps the group small while costing next to nothing.
    private static readonly TimeSpan MaxConsumerSweepInterval = TimeSpan.FromMinutes(5);

    // Zero: the first sweep comes as soon as the group is ready.
    private long _nextConsumerSweepAt;

    private TimeSpan ConsumerSweepInterval
    {
        get
        {
            var half = _options.IdleConsumerTimeout / 2;
            var interval = half < MaxConsumerSweepInterval ? half : MaxConsumerSweepInterval;
            return interval > _options.PollInterval ? interval : _options.PollInterval;
        }
    }

    // Deletes the group's consumers that hold no pending call and were idle past IdleConsumerTimeout. A failure is
    // logged and left for the next sweep: the bookkeeping must never stop the worker from running calls.
    private async Task DeleteIdleConsumersIfDueAsync(CancellationToken stop)
    {
        if (Stopwatch.GetTimestamp() < _nextConsumerSweepAt)
        {
            return;
        }

        var interval = ConsumerSweepInterval;
        _nextConsumerSweepAt = Stopwatch.GetTimestamp() + (long)(interval.TotalSeconds * Stopwatch.Frequency);
        try
        {
            var deleted = await _queue.DeleteIdleConsumersAsync(_options.IdleConsumerTimeout, stop).ConfigureAwait(false);
            if (deleted.Length > 0)
            {
                WriteBehindLog.IdleConsumersDeleted(_logger, ConsumerName, deleted.Length, ConsumerGroup, _options.IdleConsumerTimeout, string.Join(", ", deleted));
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && stop.IsCancellationRequested))
        {
            WriteBehindLog.IdleConsumerCleanupFailed(_logger, ConsumerName, ConsumerGroup, interval, ex);
        }
    }
}
