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
    public const string ErrorField = "error";
    public const string AttemptsField = "attempts";

    public static NameValueEntry[] Fields(string handlerId, ReadOnlyMemory<byte> arguments, long enqueuedUnixMs) =>
    [
        new(HandlerField, handlerId),
        new(ArgumentsField, arguments),
        new(EnqueuedField, enqueuedUnixMs),
    ];
}
