using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// The Redis side of one worker: the stream of queued calls, the consumer group, this worker's consumer in it, and
/// the dead-letter stream. Every command the worker sends is here; the worker decides when to send which.
/// </summary>
internal sealed class WriteBehindQueue
{
    private readonly IConnectionMultiplexer _multiplexer;
    private readonly int _database;
    private readonly TimeSpan _timeout;
    private readonly int? _deadLetterMaxLength;
    private RedisValue _claimCursor = StreamIds.Zero;

    public WriteBehindQueue(RedisCacheStore store, WriteBehindWorkerOptions options, string consumer)
    {
        _multiplexer = store.Multiplexer;
        _database = store.Options.Database;
        _timeout = store.EffectiveOperationTimeout;
        _deadLetterMaxLength = options.DeadLetterMaxLength;
        Stream = store.WriteBehindStreamKey;
        DeadLetterStream = store.WriteBehindDeadLetterStreamKey;
        Group = options.ConsumerGroup;
        Consumer = consumer;
    }

    public string Stream { get; }

    public string DeadLetterStream { get; }

    public string Group { get; }

    public string Consumer { get; }

    /// <summary>Whether the last claim scan stopped part-way through the group's pending list.</summary>
    public bool ClaimScanInProgress => _claimCursor != StreamIds.Zero;

    private IDatabase Database => _multiplexer.GetDatabase(_database);

    /// <summary>Creates the group (and the stream) reading from the very first entry; an existing group is kept.</summary>
    public async Task EnsureGroupAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Database.StreamCreateConsumerGroupAsync(Stream, Group, StreamIds.Zero, createStream: true)
                .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another worker (or an earlier run of this one) created it.
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> calls delivered to this consumer and not yet acknowledged, oldest first.
    /// Reading them again restarts their idle time, which tells other workers this one is alive.
    /// </summary>
    public Task<StreamEntry[]> ReadOwnPendingAsync(int count, CancellationToken cancellationToken)
        => ReadAsync(StreamIds.Zero, count, cancellationToken);

    /// <summary>Up to <paramref name="count"/> calls never delivered to any consumer of the group.</summary>
    public Task<StreamEntry[]> ReadNewAsync(int count, CancellationToken cancellationToken)
        => ReadAsync(StreamPosition.NewMessages, count, cancellationToken);

    /// <summary>
    /// Takes over up to <paramref name="count"/> calls that other consumers received but left unacknowledged for at
    /// least <paramref name="minIdle"/> (XAUTOCLAIM), continuing the scan where the last call stopped.
    /// </summary>
    public async Task<StreamEntry[]> ClaimIdleAsync(TimeSpan minIdle, int count, CancellationToken cancellationToken)
    {
        var result = await Database.StreamAutoClaimAsync(Stream, Group, Consumer, (long)minIdle.TotalMilliseconds, _claimCursor, count)
            .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        // "0-0" when the scan reached the end of the pending list; deleted entries were dropped from it by Redis.
        _claimCursor = result.IsNull ? StreamIds.Zero : result.NextStartId;
        return result.IsNull ? [] : result.ClaimedEntries;
    }

    /// <summary>
    /// Restarts the idle time of up to <paramref name="count"/> of this consumer's pending calls from
    /// <paramref name="firstId"/> on, without counting a delivery, and returns their ids in order. A call another
    /// worker claimed meanwhile is no longer in this consumer's pending list, so it is not returned.
    /// </summary>
    public async Task<RedisValue[]> RenewAsync(RedisValue firstId, int count, CancellationToken cancellationToken)
    {
        var result = await Database.ScriptEvaluateAsync(WriteBehindScripts.Renew, [Stream], [Group, Consumer, firstId, count])
            .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        return (RedisValue[]?)result ?? [];
    }

    /// <summary>
    /// This consumer's pending calls with ids from <paramref name="firstId"/> to <paramref name="lastId"/>, at most
    /// <paramref name="count"/>, each with how many times Redis delivered it (XPENDING, extended form).
    /// </summary>
    public async Task<StreamPendingMessageInfo[]> PendingAsync(RedisValue firstId, RedisValue lastId, int count, CancellationToken cancellationToken)
        => await Database.StreamPendingMessagesAsync(Stream, Group, count, Consumer, firstId, lastId)
            .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Deletes the group's consumers other than this one that hold no pending call and have been idle for at least
    /// <paramref name="minIdle"/>; returns their names.
    /// </summary>
    public async Task<string?[]> DeleteIdleConsumersAsync(TimeSpan minIdle, CancellationToken cancellationToken)
    {
        var result = await Database.ScriptEvaluateAsync(
                WriteBehindScripts.DeleteIdleConsumers, [Stream], [Group, Consumer, (long)minIdle.TotalMilliseconds])
            .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        return (string?[]?)result ?? [];
    }

    /// <summary>Acknowledges and deletes the call <paramref name="id"/>.</summary>
    public async Task CompleteAsync(RedisValue id, CancellationToken cancellationToken)
        => await Database.ScriptEvaluateAsync(WriteBehindScripts.Complete, [Stream], [Group, id])
            .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Copies the call to the dead-letter stream with why it failed, then acknowledges and deletes it. In that
    /// order: a crash in between leaves the call pending, so it is never lost, at worst dead-lettered twice.
    /// </summary>
    public async Task DeadLetterAsync(StreamEntry entry, string error, string message, int attempts, long nowUnixMs, CancellationToken cancellationToken)
    {
        var original = entry.Values ?? [];
        var fields = new NameValueEntry[original.Length + 6];
        original.CopyTo(fields, 0);
        var i = original.Length;
        fields[i++] = new(WriteBehindStream.SourceIdField, entry.Id);
        fields[i++] = new(WriteBehindStream.ErrorField, error);
        fields[i++] = new(WriteBehindStream.MessageField, message);
        fields[i++] = new(WriteBehindStream.AttemptsField, attempts);
        fields[i++] = new(WriteBehindStream.ConsumerField, Consumer);
        fields[i] = new(WriteBehindStream.DeadLetteredField, nowUnixMs);
        await Database.StreamAddAsync(DeadLetterStream, fields, maxLength: _deadLetterMaxLength, useApproximateMaxLength: true)
            .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        await CompleteAsync(entry.Id, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StreamEntry[]> ReadAsync(RedisValue position, int count, CancellationToken cancellationToken)
        => await Database.StreamReadGroupAsync(Stream, Group, Consumer, position, count)
            .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
}
