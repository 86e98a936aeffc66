using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

// Keeps the L1 caches of generated methods coherent: invalidations evict locally and are published to every process
// (docs/design/l1.md). Nothing here runs until a method with LocalTtl first uses this store.
public sealed partial class RedisCacheStore : ILocalCacheHost
{
    private readonly object _localGate = new();
    private ILocalPartition[] _localPartitions = [];
    private int _localStarted;
    private int _localProbing;

    // Set once this store has received its own probe over the subscription, cleared when a connection fails: L1
    // takes entries only while invalidations can reach it.
    private volatile bool _localReady;
    private string _localProbe = "";

    // Tells this store's messages from other processes' (and other stores' in this process).
    private readonly Guid _localSender = Guid.NewGuid();

    bool ILocalCacheHost.AcceptsLocalEntries => _localReady;

    bool ILocalCacheHost.LocalCacheEnabled => _options.LocalCache;

    void ILocalCacheHost.Attach(ILocalPartition partition)
    {
        lock (_localGate)
        {
            _localPartitions = [.. _localPartitions, partition];
        }

        if (Interlocked.Exchange(ref _localStarted, 1) == 0)
        {
            _multiplexer.ConnectionFailed += OnLocalConnectionFailed;
            _multiplexer.ConnectionRestored += OnLocalConnectionRestored;
            _ = StartLocalSubscriptionAsync();
        }
    }

    /// <summary>
    /// Whether the L1 caches of methods with <c>LocalTtl</c> take new entries through this store: true once its
    /// invalidation subscription has carried a message, false while a connection is down. They serve what they
    /// hold either way.
    /// </summary>
    public bool LocalReady => _localReady;

    private async Task StartLocalSubscriptionAsync()
    {
        try
        {
            // Registered even when Redis is down: the multiplexer subscribes again whenever it reconnects.
            await _multiplexer.GetSubscriber().SubscribeAsync(LocalChannel(), OnLocalMessage).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LocalCacheLog.SubscriptionLost(_logger);
            // The multiplexer keeps the subscription and makes it when it connects; probing tells when that is.
        }

        StartProbing();
    }

    private void StartProbing()
    {
        if (Interlocked.Exchange(ref _localProbing, 1) == 0)
        {
            _ = ProbeUntilReadyAsync();
        }
    }

    // Probes until one comes back. One probe is not enough: when a connection is restored, the multiplexer may not
    // have subscribed again yet, and a probe published before that is lost.
    private async Task ProbeUntilReadyAsync()
    {
        try
        {
            var pause = TimeSpan.FromMilliseconds(50);
            while (!_localReady)
            {
                if (!await ProbeLocalSubscriptionAsync().ConfigureAwait(false))
                {
                    return; // the multiplexer was disposed
                }

                await Task.Delay(pause).ConfigureAwait(false);
                pause = pause < TimeSpan.FromSeconds(1) ? pause + pause : TimeSpan.FromSeconds(2);
            }
        }
        finally
        {
            Volatile.Write(ref _localProbing, 0);
        }

        // A failure handled between the loop's last check and the reset above found probing still on and started
        // nothing: take it over, or L1 would stay off until the next connection event.
        if (!_localReady)
        {
            StartProbing();
        }
    }

    // A message to ourselves: when it comes back, the subscription works, and whatever was published before it is
    // either heard or covered by the clear that its arrival triggers.
    private async Task<bool> ProbeLocalSubscriptionAsync()
    {
        var probe = Guid.NewGuid().ToString("N");
        Volatile.Write(ref _localProbe, probe);
        try
        {
            await _multiplexer.GetSubscriber().PublishAsync(LocalChannel(), LocalInvalidation.Encode(LocalInvalidation.Probe, _localSender, probe))
                .WaitAsync(EffectiveOperationTimeout).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis is not there yet: the next probe, or the next ConnectionRestored, tries again.
        }

        return true;
    }

    private void OnLocalMessage(RedisChannel channel, RedisValue message)
    {
        var (kind, sender, text) = LocalInvalidation.Decode(((ReadOnlyMemory<byte>)message).Span);
        if (sender != _localSender)
        {
            // Another store's invalidation (its probes are not ours to answer).
            if (kind is not ('\0' or LocalInvalidation.Probe))
            {
                EvictLocal(kind, text);
            }

            return;
        }

        // Our own invalidations were evicted here already, after the write and before publishing; only our probe
        // matters: the subscription works, and what was missed before it is covered by clearing now.
        if (kind == LocalInvalidation.Probe && text == Volatile.Read(ref _localProbe))
        {
            EvictLocal(LocalInvalidation.Pattern, text);
            if (!_localReady)
            {
                _localReady = true;
                LocalCacheLog.SubscriptionReady(_logger);
            }
        }
    }

    private void OnLocalConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (_localReady)
        {
            _localReady = false;
            LocalCacheLog.SubscriptionLost(_logger);
        }

        // Probe from the failure on, not only from ConnectionRestored: the multiplexer raises its events on the thread
        // pool, so a quick reconnect (a killed subscription connection is back within milliseconds) can be handled
        // before the failure that preceded it, and nothing would probe again: L1 stayed off for good (found by
        // Resilience.Tests/Restarts, CLIENT KILL TYPE pubsub, about 1 run in 20). Probes while Redis is away just fail.
        StartProbing();
    }

    private void OnLocalConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (!_localReady)
        {
            StartProbing();
        }
    }

    // A key evicts its entry, a tag the entries carrying it; a pattern (a glob cannot be matched against typed
    // keys) clears everything.
    private void EvictLocal(char kind, string text)
    {
        foreach (var partition in Volatile.Read(ref _localPartitions))
        {
            switch (kind)
            {
                case LocalInvalidation.Key:
                    partition.Evict(text);
                    break;
                case LocalInvalidation.Tag:
                    partition.EvictTag(text);
                    break;
                default:
                    partition.Clear();
                    break;
            }
        }
    }

    // After an invalidation was written to Redis (or failed to be): evict here, after the write, since a read that
    // raced it may have refilled L1 from the old entry; then tell the other processes, which may use L1 even when
    // this one does not. Published after the write, never before: a process that evicted first could refill from
    // the old entry. A message that cannot be published is replayed later (RedisCacheStore.InvalidationReplay.cs).
    private async ValueTask InvalidateLocalAsync(char kind, string text)
    {
        EvictLocal(kind, text);
        if (!await PublishLocalAsync(kind, text).ConfigureAwait(false))
        {
            RememberFailedInvalidation(kind, text, publishOnly: true);
        }
    }

    private async ValueTask<bool> PublishLocalAsync(char kind, string text)
    {
        try
        {
            await _circuit.RunAsync(
                static s => s.Subscriber.PublishAsync(s.Channel, s.Message), (Subscriber: _multiplexer.GetSubscriber(), Channel: LocalChannel(), Message: LocalInvalidation.Encode(kind, _localSender, text)),
                CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            _metrics.Error(null, CacheOperation.Publish, ex);
            LocalCacheLog.PublishFailed(_logger, text, ex);
            return false;
        }
    }

    // Under the application's prefix, so applications sharing a Redis do not evict each other's entries and an ACL
    // can allow this channel with the keys (&myapp:*).
    private RedisChannel LocalChannel() => RedisChannel.Literal(KeyPrefix + "__caching:local");
}
