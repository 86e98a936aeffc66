using System;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// A write-behind call that failed for good, as kept in the dead-letter stream: the call as it was queued, and why
/// and where it failed. Listed by <see cref="WriteBehindDeadLetters.ListAsync"/>.
/// </summary>
public sealed class WriteBehindDeadLetter
{
    internal WriteBehindDeadLetter(StreamEntry entry)
    {
        Id = (string)entry.Id!;
        HandlerId = (string?)entry[WriteBehindStream.HandlerField];
        var arguments = entry[WriteBehindStream.ArgumentsField];
        Arguments = arguments.IsNull ? ReadOnlyMemory<byte>.Empty : (ReadOnlyMemory<byte>)arguments;
        EnqueuedAt = Time(entry[WriteBehindStream.EnqueuedField]);
        SourceId = (string?)entry[WriteBehindStream.SourceIdField];
        Error = (string?)entry[WriteBehindStream.ErrorField];
        Message = (string?)entry[WriteBehindStream.MessageField];
        Attempts = entry[WriteBehindStream.AttemptsField].TryParse(out int attempts) ? attempts : 0;
        Consumer = (string?)entry[WriteBehindStream.ConsumerField];
        DeadLetteredAt = Time(entry[WriteBehindStream.DeadLetteredField]);
    }

    /// <summary>The dead letter's id in the dead-letter stream; what <see cref="WriteBehindDeadLetters.ReplayAsync"/> takes.</summary>
    public string Id { get; }

    /// <summary>The id of the handler the call names; <c>null</c> for a malformed entry that named none.</summary>
    public string? HandlerId { get; }

    /// <summary>The call's arguments, as the generated method wrote them.</summary>
    public ReadOnlyMemory<byte> Arguments { get; }

    /// <summary>When the call was first queued, if the entry says.</summary>
    public DateTimeOffset? EnqueuedAt { get; }

    /// <summary>The call's id in the write-behind stream before it was dead-lettered.</summary>
    public string? SourceId { get; }

    /// <summary>
    /// Why it failed: the full name of the exception its last attempt threw, or <c>UnknownHandler</c>,
    /// <c>MalformedEntry</c> or <c>TooManyDeliveries</c>.
    /// </summary>
    public string? Error { get; }

    /// <summary>The exception's message, or what the worker found wrong.</summary>
    public string? Message { get; }

    /// <summary>How many times the worker that dead-lettered it ran it; 0 when it was dead-lettered without running.</summary>
    public int Attempts { get; }

    /// <summary>The consumer name of the worker that dead-lettered it.</summary>
    public string? Consumer { get; }

    /// <summary>When it was dead-lettered.</summary>
    public DateTimeOffset? DeadLetteredAt { get; }

    private static DateTimeOffset? Time(RedisValue unixMilliseconds)
        => unixMilliseconds.TryParse(out long milliseconds) ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
}
