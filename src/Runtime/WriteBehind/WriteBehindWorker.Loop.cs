using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

public sealed partial class WriteBehindWorker
{
    // The most time between two claim scans; a long ClaimIdleTime should not also delay the scan by as much.
    private static readonly TimeSpan MaxClaimInterval = TimeSpan.FromSeconds(5);

    private bool _groupReady;

    // Own pending calls are read at startup (a restart under a stable name) and after an error (a call may have run
    // without being acknowledged); otherwise everything this worker reads it also finishes.
    private bool _checkOwnPending = true;
    private long _nextClaimAt;

    /// <summary>A call as read from Redis, with when this worker last confirmed it owns it.</summary>
    private sealed class Delivery(StreamEntry entry, long ownedSince)
    {
        public StreamEntry Entry { get; } = entry;

        public long OwnedSince { get; set; } = ownedSince;

        /// <summary>Another worker claimed it: it is theirs to run now.</summary>
        public bool Lost { get; set; }

        /// <summary>How many times Redis has delivered it, this delivery included: 1 for a call read new.</summary>
        public int Deliveries { get; set; } = 1;
    }

    private TimeSpan ClaimInterval
    {
        get
        {
            var half = _options.ClaimIdleTime / 2;
            var interval = half < MaxClaimInterval ? half : MaxClaimInterval;
            return interval > _options.PollInterval ? interval : _options.PollInterval;
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        WriteBehindLog.Started(_logger, ConsumerName, _queue.Group, _queue.Stream);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!_groupReady)
                {
                    await _queue.EnsureGroupAsync(stop).ConfigureAwait(false);
                    _groupReady = true;
                }

                await DeleteIdleConsumersIfDueAsync(stop).ConfigureAwait(false);

                var batch = await NextBatchAsync(stop).ConfigureAwait(false);
                if (batch.Length == 0)
                {
                    if (_draining)
                    {
                        return; // nothing queued or pending for this worker: drained
                    }

                    await Task.Delay(_options.PollInterval, stop).ConfigureAwait(false);
                    continue;
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    await RunCallAsync(batch, i, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Redis down or failing over, the stream or group deleted (NOGROUP): recreate, re-read, go on.
                _groupReady = false;
                _checkOwnPending = true;
                WriteBehindLog.LoopFailed(_logger, ConsumerName, _options.RedisRetryDelay, ex);
                try
                {
                    await Task.Delay(_options.RedisRetryDelay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // Own unfinished calls first, then those of dead workers, then new ones; when draining, an empty answer is
    // checked against the pending list, so the loop only ends when nothing is left for this worker.
    private async Task<Delivery[]> NextBatchAsync(CancellationToken stop)
    {
        if (_checkOwnPending)
        {
            var own = await ReadAsync(_queue.ReadOwnPendingAsync, stop).ConfigureAwait(false);
            if (own.Length > 0)
            {
                return await CountDeliveriesAsync(own, stop).ConfigureAwait(false);
            }

            _checkOwnPending = false;
        }

        if (_queue.ClaimScanInProgress || Stopwatch.GetTimestamp() >= _nextClaimAt)
        {
            var claimed = await ReadAsync((count, ct) => _queue.ClaimIdleAsync(_options.ClaimIdleTime, count, ct), stop).ConfigureAwait(false);
            if (!_queue.ClaimScanInProgress)
            {
                _nextClaimAt = Stopwatch.GetTimestamp() + (long)(ClaimInterval.TotalSeconds * Stopwatch.Frequency);
            }

            if (claimed.Length > 0)
            {
                WriteBehindLog.Claimed(_logger, ConsumerName, claimed.Length);
                return await CountDeliveriesAsync(claimed, stop).ConfigureAwait(false);
            }
        }

        var fresh = await ReadAsync(_queue.ReadNewAsync, stop).ConfigureAwait(false);
        if (fresh.Length > 0 || !_draining)
        {
            return fresh;
        }

        var ownLeft = await ReadAsync(_queue.ReadOwnPendingAsync, stop).ConfigureAwait(false);
        return await CountDeliveriesAsync(ownLeft, stop).ConfigureAwait(false);
    }

    // Only calls delivered before (own pending ones, claimed ones) can have been delivered more than once; Redis
    // keeps the count in the pending list, which XREADGROUP and XAUTOCLAIM do not return, so it is asked here.
    private async Task<Delivery[]> CountDeliveriesAsync(Delivery[] batch, CancellationToken stop)
    {
        if (batch.Length == 0)
        {
            return batch;
        }

        var first = batch[0].Entry.Id;
        var last = first;
        foreach (var delivery in batch)
        {
            var id = delivery.Entry.Id;
            first = StreamIds.Compare(id, first) < 0 ? id : first;
            last = StreamIds.Compare(id, last) > 0 ? id : last;
        }

        // The range holds no other call of this consumer: own pending calls are read oldest first, and calls are
        // claimed only once this consumer has none pending. A call missing from the answer (claimed away or
        // acknowledged since it was read, which its fresh idle time makes unlikely) keeps the count of 1.
        var pending = await _queue.PendingAsync(first, last, batch.Length, stop).ConfigureAwait(false);
        var counts = new Dictionary<RedisValue, int>(pending.Length);
        foreach (var call in pending)
        {
            counts[call.MessageId] = call.DeliveryCount;
        }

        foreach (var delivery in batch)
        {
            if (counts.TryGetValue(delivery.Entry.Id, out var deliveries))
            {
                delivery.Deliveries = deliveries;
            }
        }

        return batch;
    }

    private async Task<Delivery[]> ReadAsync(Func<int, CancellationToken, Task<StreamEntry[]>> read, CancellationToken stop)
    {
        // Taken before the read: the idle time Redis measures for these entries starts no earlier than this.
        var readAt = Stopwatch.GetTimestamp();
        var entries = await read(_options.BatchSize, stop).ConfigureAwait(false);
        var deliveries = new Delivery[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            deliveries[i] = new Delivery(entries[i], readAt);
        }

        return deliveries;
    }
}
