using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

public sealed partial class WriteBehindWorker
{
    private const string UnknownHandlerError = "UnknownHandler";
    private const string MalformedEntryError = "MalformedEntry";
    private const string TooManyDeliveriesError = "TooManyDeliveries";

    // Runs one call to its end: acknowledged after success, dead-lettered after the last failed attempt, or left
    // pending when another worker took it over. Redis errors propagate to the loop, leaving the call pending.
    private async Task RunCallAsync(Delivery[] batch, int index, CancellationToken stop)
    {
        var entry = batch[index].Entry;
        var id = (string)entry.Id!;
        if (entry.Values is null || entry.Values.Length == 0)
        {
            // Deleted from the stream while still pending (by an operator, say): nothing to run, only to forget.
            await _queue.CompleteAsync(entry.Id, stop).ConfigureAwait(false);
            return;
        }

        var handlerId = (string?)entry[WriteBehindStream.HandlerField];
        if (string.IsNullOrEmpty(handlerId))
        {
            WriteBehindLog.MalformedEntry(_logger, id, DeadLetterStreamKey);
            await DeadLetterAsync(entry, MalformedEntryError, "The stream entry has no '" + WriteBehindStream.HandlerField + "' field.", 0, stop).ConfigureAwait(false);
            return;
        }

        if (!_handlers.TryGetValue(handlerId, out var handler))
        {
            WriteBehindLog.UnknownHandler(_logger, id, handlerId, DeadLetterStreamKey);
            await DeadLetterAsync(entry, UnknownHandlerError, $"No write-behind handler with the id '{handlerId}' is registered with the worker.", 0, stop).ConfigureAwait(false);
            return;
        }

        var deliveries = batch[index].Deliveries;
        if (deliveries > _options.MaxDeliveries)
        {
            // Delivered again and again without ever being acknowledged or dead-lettered: each worker that took it
            // died (or hung and was killed) while running it. Running it once more would likely do the same.
            if (!await StillOwnedAsync(batch, index, stop).ConfigureAwait(false))
            {
                WriteBehindLog.OwnershipLost(_logger, id, handlerId);
                return;
            }

            WriteBehindLog.TooManyDeliveries(_logger, id, handlerId, deliveries, _options.MaxDeliveries, DeadLetterStreamKey);
            var message = $"Delivered {deliveries} times without completing; the process may have crashed while running it (MaxDeliveries is {_options.MaxDeliveries}).";
            await DeadLetterAsync(entry, TooManyDeliveriesError, message, 0, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var arguments = (ReadOnlyMemory<byte>)entry[WriteBehindStream.ArgumentsField];
        for (var attempt = 1; ; attempt++)
        {
            if (!await StillOwnedAsync(batch, index, stop).ConfigureAwait(false))
            {
                WriteBehindLog.OwnershipLost(_logger, id, handlerId);
                return;
            }

            try
            {
                await handler.InvokeAsync(arguments, stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && stop.IsCancellationRequested))
            {
                Interlocked.Increment(ref _failedAttempts);
                if (attempt >= _options.MaxAttempts)
                {
                    WriteBehindLog.DeadLettered(_logger, id, handlerId, attempt, DeadLetterStreamKey, ex);
                    await DeadLetterAsync(entry, ex.GetType().FullName ?? ex.GetType().Name, ex.Message, attempt, CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                var delay = WriteBehindBackoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared.NextDouble());
                WriteBehindLog.AttemptFailed(_logger, id, handlerId, attempt, _options.MaxAttempts, delay, ex);
                await Task.Delay(delay, stop).ConfigureAwait(false);
                continue;
            }

            // The call ran: record that even when stopping now, or it would run again (bounded by the operation timeout).
            await _queue.CompleteAsync(entry.Id, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref _processed);
            return;
        }
    }

    // Calls waiting in a batch or between retries go idle in Redis, and other workers claim calls idle longer than
    // ClaimIdleTime. Past half of it, renew the rest of the batch: that restarts their idle time, and shows which
    // ones another worker took meanwhile (theirs to run now; running them here too would only duplicate them).
    private async Task<bool> StillOwnedAsync(Delivery[] batch, int index, CancellationToken stop)
    {
        var current = batch[index];
        if (current.Lost)
        {
            return false;
        }

        if (Stopwatch.GetElapsedTime(current.OwnedSince) < _options.ClaimIdleTime / 2)
        {
            return true;
        }

        var remaining = batch.Length - index;
        var renewedAt = Stopwatch.GetTimestamp();
        var stillOurs = await _queue.RenewAsync(current.Entry.Id, remaining, stop).ConfigureAwait(false);
        var returned = new HashSet<RedisValue>(stillOurs);

        // A short answer covered the whole pending list; a full one covered it up to its last id only (other own
        // pending calls may sit between the batch's), and calls after that are checked on their own turn.
        var coveredAll = stillOurs.Length < remaining;
        var lastCovered = stillOurs.Length > 0 ? stillOurs[^1] : (RedisValue)StreamIds.Zero;
        for (var i = index; i < batch.Length; i++)
        {
            var delivery = batch[i];
            if (returned.Contains(delivery.Entry.Id))
            {
                delivery.OwnedSince = renewedAt;
            }
            else if (coveredAll || StreamIds.Compare(delivery.Entry.Id, lastCovered) < 0)
            {
                delivery.Lost = true;
            }
        }

        return !current.Lost;
    }

    private async Task DeadLetterAsync(StreamEntry entry, string error, string message, int attempts, CancellationToken stop)
    {
        await _queue.DeadLetterAsync(entry, error, message, attempts, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), stop).ConfigureAwait(false);
        Interlocked.Increment(ref _deadLettered);
    }
}
