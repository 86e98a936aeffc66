using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// The write-behind dead-letter stream of a store, for an operator: lists the calls that failed for good and, once
/// the cause is fixed, replays them. Replaying queues a call again as it was first queued (its handler and
/// arguments), where a worker runs it like any other, and then deletes its dead letter.
/// </summary>
/// <remarks>
/// Replay is at least once, like the queue: the call is queued before its dead letter is deleted, so a failure in
/// between leaves both, and replaying again runs the call twice. Do not replay the same dead letters from two places
/// at once. Redis errors are thrown, not swallowed: this is an operator's tool, not a cache path.
/// </remarks>
public sealed class WriteBehindDeadLetters
{
    // How many dead letters one read of ReplayAllAsync takes; their calls are queued in one pipeline.
    private const int PageSize = 100;

    // The fields the worker adds to a call when it dead-letters it; the rest is the call as queued.
    private static readonly HashSet<string> DeadLetterFields = new(StringComparer.Ordinal)
    {
        WriteBehindStream.SourceIdField, WriteBehindStream.ErrorField, WriteBehindStream.MessageField,
        WriteBehindStream.AttemptsField, WriteBehindStream.ConsumerField, WriteBehindStream.DeadLetteredField,
    };

    private readonly IConnectionMultiplexer _multiplexer;
    private readonly int _database;
    private readonly TimeSpan _timeout;

    /// <summary>Opens the dead-letter stream of <paramref name="store"/>'s write-behind queue.</summary>
    /// <param name="store">The store whose <see cref="RedisCacheStore.WriteBehindDeadLetterStreamKey"/> holds the dead letters.</param>
    public WriteBehindDeadLetters(RedisCacheStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _multiplexer = store.Multiplexer;
        _database = store.Options.Database;
        _timeout = store.EffectiveOperationTimeout;
        StreamKey = store.WriteBehindStreamKey;
        DeadLetterStreamKey = store.WriteBehindDeadLetterStreamKey;
    }

    /// <summary>The write-behind stream that replayed calls are queued on.</summary>
    public string StreamKey { get; }

    /// <summary>The dead-letter stream.</summary>
    public string DeadLetterStreamKey { get; }

    private IDatabase Database => _multiplexer.GetDatabase(_database);

    /// <summary>How many dead letters there are.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
        => await Database.StreamLengthAsync(DeadLetterStreamKey).WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Up to <paramref name="count"/> dead letters, oldest first, after the one with the id <paramref name="after"/> if given.</summary>
    /// <param name="count">The most dead letters to return.</param>
    /// <param name="after">The <see cref="WriteBehindDeadLetter.Id"/> of the last one of the previous page; <c>null</c> for the first page.</param>
    /// <param name="cancellationToken">Stops waiting for Redis.</param>
    public async Task<IReadOnlyList<WriteBehindDeadLetter>> ListAsync(int count = PageSize, string? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var entries = await RangeAsync(after is null ? "-" : "(" + after, "+", count, cancellationToken).ConfigureAwait(false);
        var letters = new WriteBehindDeadLetter[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            letters[i] = new WriteBehindDeadLetter(entries[i]);
        }

        return letters;
    }

    /// <summary>Queues the call of the dead letter <paramref name="id"/> again, then deletes the dead letter.</summary>
    /// <returns><c>false</c> when there is no dead letter with that id (already replayed or deleted, say).</returns>
    public async Task<bool> ReplayAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var entries = await RangeAsync(id, id, 1, cancellationToken).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return false;
        }

        await QueueAgainAsync(entries, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Replays every dead letter, or only those whose call names the handler <paramref name="handlerId"/>, oldest
    /// first. Only those present when it starts: calls that fail again while it runs are dead-lettered anew and
    /// stay, so it ends even while a cause is not fixed.
    /// </summary>
    /// <returns>How many calls were queued again.</returns>
    public async Task<int> ReplayAllAsync(string? handlerId = null, CancellationToken cancellationToken = default)
    {
        var newest = await Database.StreamRangeAsync(DeadLetterStreamKey, "-", "+", 1, Order.Descending)
            .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        if (newest.Length == 0)
        {
            return 0;
        }

        var last = newest[0].Id;
        RedisValue from = "-";
        var replayed = 0;
        while (true)
        {
            var page = await RangeAsync(from, last, PageSize, cancellationToken).ConfigureAwait(false);
            var chosen = handlerId is null ? page : Array.FindAll(page, entry => (string?)entry[WriteBehindStream.HandlerField] == handlerId);
            await QueueAgainAsync(chosen, cancellationToken).ConfigureAwait(false);
            replayed += chosen.Length;
            if (page.Length < PageSize)
            {
                return replayed;
            }

            from = "(" + (string)page[^1].Id!;
        }
    }

    /// <summary>Deletes the dead letter <paramref name="id"/> without replaying it: the call is given up.</summary>
    /// <returns><c>false</c> when there is no dead letter with that id.</returns>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return await Database.StreamDeleteAsync(DeadLetterStreamKey, [id]).WaitAsync(_timeout, cancellationToken).ConfigureAwait(false) > 0;
    }

    // Every call is queued before any dead letter goes: at least once. The two streams may live on different
    // cluster nodes, so this cannot be one script.
    private async Task QueueAgainAsync(StreamEntry[] deadLetters, CancellationToken cancellationToken)
    {
        if (deadLetters.Length == 0)
        {
            return;
        }

        var database = Database;
        var added = new Task<RedisValue>[deadLetters.Length];
        var ids = new RedisValue[deadLetters.Length];
        for (var i = 0; i < deadLetters.Length; i++)
        {
            added[i] = database.StreamAddAsync(StreamKey, CallFields(deadLetters[i]));
            ids[i] = deadLetters[i].Id;
        }

        await Task.WhenAll(added).WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        await database.StreamDeleteAsync(DeadLetterStreamKey, ids).WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
    }

    private static NameValueEntry[] CallFields(StreamEntry deadLetter)
    {
        var fields = new List<NameValueEntry>(deadLetter.Values.Length);
        foreach (var field in deadLetter.Values)
        {
            if (!DeadLetterFields.Contains((string)field.Name!))
            {
                fields.Add(field);
            }
        }

        return fields.ToArray();
    }

    private async Task<StreamEntry[]> RangeAsync(RedisValue from, RedisValue to, int count, CancellationToken cancellationToken)
        => await Database.StreamRangeAsync(DeadLetterStreamKey, from, to, count).WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
}
