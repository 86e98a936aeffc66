using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caching;

/// <summary>
/// Runs queued write-behind calls: a hosted service that reads the store's Redis Stream as one consumer of a
/// consumer group and dispatches each call to its <see cref="WriteBehindHandler"/> by id. Every call runs at least
/// once: it is acknowledged and deleted only after its handler succeeded, or after it was copied to the dead-letter
/// stream (<c>{KeyPrefix}writebehind:dead</c>) because it failed <see cref="WriteBehindWorkerOptions.MaxAttempts"/>
/// times, names no known handler, or was delivered more than <see cref="WriteBehindWorkerOptions.MaxDeliveries"/>
/// times without completing (it crashed or hung every worker that ran it). Calls a crashed worker left unfinished
/// are claimed by another one after <see cref="WriteBehindWorkerOptions.ClaimIdleTime"/>. Calls run one at a time,
/// in queue order.
/// </summary>
/// <remarks>
/// Run one worker per process with every handler of the application: a worker dead-letters calls whose handler
/// it lacks. Redis errors are logged and retried; the worker never stops on its own. Workers also delete consumers
/// of the group idle past <see cref="WriteBehindWorkerOptions.IdleConsumerTimeout"/> with no pending call.
/// <see cref="WriteBehindDeadLetters"/> lists dead letters and queues them again.
/// </remarks>
public sealed partial class WriteBehindWorker : IHostedService, IAsyncDisposable
{
    private readonly Dictionary<string, WriteBehindHandler> _handlers = new(StringComparer.Ordinal);
    private readonly WriteBehindWorkerOptions _options;
    private readonly ILogger _logger;
    private readonly WriteBehindQueue _queue;
    private readonly CancellationTokenSource _stopNow = new();
    private Task? _loop;
    private volatile bool _draining;
    private int _stopped;
    private long _processed;
    private long _deadLettered;
    private long _failedAttempts;

    /// <summary>Creates a worker for the write-behind stream of <paramref name="store"/>.</summary>
    /// <param name="store">The store whose <see cref="RedisCacheStore.WriteBehindStreamKey"/> holds the queued calls.</param>
    /// <param name="handlers">The dispatch table: every handler the application's queued calls may name.</param>
    /// <param name="options">Settings; the defaults when <c>null</c>.</param>
    /// <param name="logger">Where failures and retries are logged.</param>
    /// <exception cref="ArgumentException">No handlers, or two with the same id.</exception>
    public WriteBehindWorker(
        RedisCacheStore store, IEnumerable<WriteBehindHandler> handlers, WriteBehindWorkerOptions? options = null,
        ILogger<WriteBehindWorker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(handlers);
        _options = options ?? new WriteBehindWorkerOptions();
        _options.Validate();
        foreach (var handler in handlers)
        {
            ArgumentNullException.ThrowIfNull(handler, nameof(handlers));
            if (!_handlers.TryAdd(handler.Id, handler))
            {
                throw new ArgumentException($"Two write-behind handlers have the id '{handler.Id}'; each id must be unique.", nameof(handlers));
            }
        }

        if (_handlers.Count == 0)
        {
            // Such a worker would dead-letter every call it reads.
            throw new ArgumentException("A write-behind worker needs at least one handler.", nameof(handlers));
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
        _queue = new WriteBehindQueue(store, _options, _options.ResolveConsumerName());
    }

    /// <summary>The consumer group this worker belongs to.</summary>
    public string ConsumerGroup => _queue.Group;

    /// <summary>This worker's consumer name in the group.</summary>
    public string ConsumerName => _queue.Consumer;

    /// <summary>The Redis Stream the worker reads.</summary>
    public string StreamKey => _queue.Stream;

    /// <summary>The Redis Stream that receives calls that failed for good.</summary>
    public string DeadLetterStreamKey => _queue.DeadLetterStream;

    /// <summary>Calls whose handler succeeded and that were then acknowledged.</summary>
    public long ProcessedCount => Interlocked.Read(ref _processed);

    /// <summary>Calls moved to the dead-letter stream.</summary>
    public long DeadLetteredCount => Interlocked.Read(ref _deadLettered);

    /// <summary>Attempts whose handler threw (each retry counts).</summary>
    public long FailedAttemptCount => Interlocked.Read(ref _failedAttempts);

    /// <summary>Starts reading in the background and returns at once; Redis need not be reachable yet.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null || Volatile.Read(ref _stopped) != 0)
        {
            throw new InvalidOperationException("A write-behind worker can be started only once.");
        }

        _loop = Task.Run(() => RunAsync(_stopNow.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Graceful shutdown: stops once every call queued or pending for this worker has run, or when
    /// <paramref name="cancellationToken"/> fires or <see cref="WriteBehindWorkerOptions.DrainTimeout"/> passes,
    /// whichever comes first. A call cut short then stays pending in Redis and runs again later.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        WriteBehindLog.Draining(_logger, ConsumerName);
        _draining = true;
        using (var drainLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            drainLimit.CancelAfter(_options.DrainTimeout);
            try
            {
                await _loop.WaitAsync(drainLimit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                WriteBehindLog.DrainIncomplete(_logger, ConsumerName);
            }
        }

        await StopNowAsync().ConfigureAwait(false);
    }

    /// <summary>Stops at once, without draining: unfinished calls stay in Redis for the next worker.</summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _stopped, 1);
        await StopNowAsync().ConfigureAwait(false);
        _stopNow.Dispose();
    }

    private async Task StopNowAsync()
    {
        var loop = _loop;
        if (!_stopNow.IsCancellationRequested)
        {
            await _stopNow.CancelAsync().ConfigureAwait(false);
            if (loop is not null)
            {
                // The loop ends on cancellation and catches everything else, so this wait does not throw.
                await loop.ConfigureAwait(false);
                WriteBehindLog.Stopped(_logger, ConsumerName, ProcessedCount, DeadLetteredCount);
            }
        }
    }
}
