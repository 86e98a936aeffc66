using System;
using StackExchange.Redis;

namespace Caching;

/// <summary>The layout of a queued write-behind call in the Redis Stream, shared by the producer and the worker.</summary>
internal static class WriteBehindStream
{
    public const string StreamSuffix = "writebehind";
    public const string DeadLetterSuffix = "writebehind:dead";
    public const string HandlerField = "handler";
    public const string ArgumentsField = "args";
    public const string EnqueuedField = "enqueued";

    // Added to a dead letter, after the original fields.
    public const string SourceIdField = "source-id";
    public const string ErrorField = "error";
    public const string MessageField = "message";
    public const string AttemptsField = "attempts";
    public const string ConsumerField = "consumer";
    public const string DeadLetteredField = "dead-lettered";

    public static NameValueEntry[] Fields(string handlerId, ReadOnlyMemory<byte> arguments, long enqueuedUnixMs) =>
    [
        new(HandlerField, handlerId),
        new(ArgumentsField, arguments),
        new(EnqueuedField, enqueuedUnixMs),
    ];
}
