using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>
/// Every diagnostic the analyzers report, in ID order. The message arguments are those the shared rules put in
/// <see cref="CacheProblem.Args"/>; each message names the offending thing in single quotes and says how to fix it.
/// </summary>
internal static class Descriptors
{
    public static readonly DiagnosticDescriptor NotPartial = new(
        id: DiagnosticIds.NotPartial,
        title: "Generated method or its containing type is not partial",
        messageFormat: "Method '{0}' cannot be generated; {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator writes the body of a method marked [Cached], [CachedBatch], [WriteThrough], [WriteBehind], [Invalidates] or [InvalidatesTag], so the method must be a partial declaration without a body, and it and every type that contains it must be partial.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.NotPartial));

    public static readonly DiagnosticDescriptor CoreMethodMissing = new(
        id: DiagnosticIds.CoreMethodMissing,
        title: "Core method is missing or does not match",
        messageFormat: "Method '{0}' {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated method calls the core method (GetUserAsync calls GetUserCoreAsync, or the method named by Core): on a miss for [Cached] and [CachedBatch], before the cache write for [WriteThrough] and the invalidations, from the queue for [WriteBehind]. It must take the same parameter types in the same order (a batch core takes the misses as IReadOnlyList<TKey>) and return the same value.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.CoreMethodMissing));

    public static readonly DiagnosticDescriptor KeyHoleUnknown = new(
        id: DiagnosticIds.KeyHoleUnknown,
        title: "Key hole names no parameter or member",
        messageFormat: "Hole '<{0}>' of '{1}' cannot be resolved: {2}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each <hole> in a key or tag template must name a parameter of the method (in a batch, the singular of the ids parameter stands for one id), optionally followed by readable members of it, as in <id> or <user.Id>.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.KeyHoleUnknown));

    public static readonly DiagnosticDescriptor KeyTemplateMalformed = new(
        id: DiagnosticIds.KeyTemplateMalformed,
        title: "Key template is malformed",
        messageFormat: "Key or tag template is malformed: {0}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A key or tag template is literal text with <parameter>, <parameter.Member> or <parameter:format> holes; a literal angle bracket is written twice, and only formattable values take a format. [WriteThrough], [WriteBehind] and [Invalidates] need a Key, and [InvalidatesTag] a tag.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.KeyTemplateMalformed));

    public static readonly DiagnosticDescriptor KeyHoleNotFormattable = new(
        id: DiagnosticIds.KeyHoleNotFormattable,
        title: "Key hole has no stable string form",
        messageFormat: "Hole '<{0}>' has type '{1}', which has no stable, culture-invariant string form; use a member that has one, as in '<{0}.Id>', or a type that implements ISpanFormattable",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A key part must identify the value. A type without a stable string form (an object, interface, collection or a class that does not override formatting) would give every call the same key, and serve one caller's data to another.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.KeyHoleNotFormattable));

    public static readonly DiagnosticDescriptor KeyHoleIsCancellationToken = new(
        id: DiagnosticIds.KeyHoleIsCancellationToken,
        title: "CancellationToken used in a key",
        messageFormat: "Hole '<{0}>' is a CancellationToken, which does not identify the value; remove it from the template",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A cancellation token says when to stop waiting, not which value to return, so it cannot be part of a key. Default keys leave tokens out.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.KeyHoleIsCancellationToken));

    public static readonly DiagnosticDescriptor TtlInvalid = new(
        id: DiagnosticIds.TtlInvalid,
        title: "Time to live is missing or invalid",
        messageFormat: "Method '{0}' has an invalid time to live: {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every entry written to the cache needs a positive time to live, from the attribute ([Cached], [CachedBatch], [WriteThrough], [WriteBehind]) or the type's [CacheDefaults], and a jitter of 0 or more that is less than the time to live. On [Cached], LocalTtl must not exceed it and cannot be combined with TtlFor, LocalCapacity is at least 3, SoftTimeout and HardTimeout need FailSafe and the soft one is shorter, and RefreshAhead is 0 or a fraction between 0 and 1.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.TtlInvalid));

    public static readonly DiagnosticDescriptor TagNeverAttached = new(
        id: DiagnosticIds.TagNeverAttached,
        title: "Invalidated tag is never attached",
        messageFormat: "Tag '{0}' is invalidated, but no [Cached], [CachedBatch], [WriteThrough] or [WriteBehind] method of this compilation attaches a tag like it, so the invalidation clears nothing; {1}",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A tag invalidated by [InvalidatesTag] must have the shape (literal text and holes, whatever their names) of a tag some method attaches with Tags, or the write leaves every cached entry in place. Tags attached in another assembly are declared with [assembly: KnownCacheTags(...)].",
        helpLinkUri: HelpLinks.For(DiagnosticIds.TagNeverAttached));

    public static readonly DiagnosticDescriptor TagNeverInvalidated = new(
        id: DiagnosticIds.TagNeverInvalidated,
        title: "Attached tag is never invalidated",
        messageFormat: "Tag '{0}' is attached, but no [InvalidatesTag] of this compilation invalidates a tag like it, so its entries change only when they expire; invalidate it from the method that changes the data, or remove it",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A tag exists to be invalidated. One that nothing invalidates costs a stamp read on every hit and does nothing, or the [InvalidatesTag] meant for it has a typo. Tags invalidated in another assembly, or by calling ICacheStore.InvalidateTagAsync, are declared with [assembly: KnownCacheTags(...)].",
        helpLinkUri: HelpLinks.For(DiagnosticIds.TagNeverInvalidated));

    public static readonly DiagnosticDescriptor ParameterUnsupported = new(
        id: DiagnosticIds.ParameterUnsupported,
        title: "Parameter kind is not supported",
        messageFormat: "Parameter '{0}' {1}, which a generated method cannot take; pass it by value as an ordinary type",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated method captures its parameters for the core method and the key, so ref, out and in parameters, ref structs such as Span<T> and pointers are not supported.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.ParameterUnsupported));

    public static readonly DiagnosticDescriptor ReturnTypeUnsupported = new(
        id: DiagnosticIds.ReturnTypeUnsupported,
        title: "Return type is not supported",
        messageFormat: "Return type '{0}' is not supported: {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [Cached] method must return a value to store: void, non-generic Task or ValueTask, other awaitables, ref structs and pointers have none. A write method must be asynchronous (Task, ValueTask, Task<T> or ValueTask<T>), and a [WriteBehind] method returns no value, because it returns before its core runs.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.ReturnTypeUnsupported));

    public static readonly DiagnosticDescriptor GenericNotSupported = new(
        id: DiagnosticIds.GenericNotSupported,
        title: "Generic methods are not supported",
        messageFormat: "Method '{0}' cannot be generated because {1}; use a non-generic method in a non-generic type",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The key and the ahead-of-time serializer metadata must be known at compile time, which a type parameter prevents.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.GenericNotSupported));

    public static readonly DiagnosticDescriptor NoReflectionFreeSerializer = new(
        id: DiagnosticIds.NoReflectionFreeSerializer,
        title: "Type has no reflection-free serializer",
        messageFormat: "Type '{0}' is stored as JSON but has no source-generated metadata; {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Cached values and the queued arguments of a [WriteBehind] method that are not stored raw are serialized with System.Text.Json through a source-generated JsonSerializerContext, so each such type must be listed with [JsonSerializable] on a context in the project (the one named by [assembly: CacheSerializerContext], when there is one).",
        helpLinkUri: HelpLinks.For(DiagnosticIds.NoReflectionFreeSerializer));

    public static readonly DiagnosticDescriptor CacheStoreNotFound = new(
        id: DiagnosticIds.CacheStoreNotFound,
        title: "No cache store is reachable",
        messageFormat: "Type '{0}' {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated method reads and writes through an ICacheStore: exactly one field, property or primary-constructor parameter of that type (static for a static method), or the one marked [CacheStore].",
        helpLinkUri: HelpLinks.For(DiagnosticIds.CacheStoreNotFound));

    public static readonly DiagnosticDescriptor BraceHoleLooksLikeParameter = new(
        id: DiagnosticIds.BraceHoleLooksLikeParameter,
        title: "Braces in a key look like a parameter hole",
        messageFormat: "'{{{0}}}' in the template is literal text (a Redis hash tag), so every call shares it; write '<{0}>' to put the parameter in it",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Holes are written <name>; braces keep their Redis meaning, a cluster hash tag. Braces around a parameter name are almost always a hole written with the wrong brackets, which makes every call use the same key.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.BraceHoleLooksLikeParameter));

    public static readonly DiagnosticDescriptor AttributesConflict = new(
        id: DiagnosticIds.AttributesConflict,
        title: "Caching attributes conflict",
        messageFormat: "Method '{0}' cannot be generated: {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A method is either read through the cache ([Cached], [CachedBatch]) or writes ([WriteThrough] or [WriteBehind], with any [Invalidates] and [InvalidatesTag]); it cannot be both, nor write through and behind at once.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.AttributesConflict));

    public static readonly DiagnosticDescriptor StoredValueUnknown = new(
        id: DiagnosticIds.StoredValueUnknown,
        title: "The value to store is unknown",
        messageFormat: "Method '{0}' cannot be generated: {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "[WriteThrough] stores the method's result or, for a method that returns none, the parameter named by Value (or its only parameter besides cancellation tokens); [WriteBehind] stores the parameter named by Value or the only one. Value must name a parameter.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.StoredValueUnknown));

    public static readonly DiagnosticDescriptor BatchSignatureUnsupported = new(
        id: DiagnosticIds.BatchSignatureUnsupported,
        title: "Batch method signature is not supported",
        messageFormat: "[CachedBatch] method '{0}' cannot be generated: {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [CachedBatch] method takes one collection of ids (IEnumerable<TKey> or a type implementing it) and returns Task<IReadOnlyDictionary<TKey, TValue>> or ValueTask<IReadOnlyDictionary<TKey, TValue>>.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.BatchSignatureUnsupported));

    public static readonly DiagnosticDescriptor InvalidatedKeyNeverCached = new(
        id: DiagnosticIds.InvalidatedKeyNeverCached,
        title: "Invalidated key matches no cached key",
        messageFormat: "[Invalidates] key '{0}' becomes '{1}', which no [Cached] or [CachedBatch] method of this compilation reads, so nothing is invalidated; {2}",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "[Invalidates] deletes the entries of the reading methods whose key has the same shape: the type's [CacheDefaults] KeyPrefix, then the template's literal text and holes, whatever their names. A key no [Cached] or [CachedBatch] method of the compilation reads generates no invalidation at all.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.InvalidatedKeyNeverCached));

    public static readonly DiagnosticDescriptor TtlForInvalid = new(
        id: DiagnosticIds.TtlForInvalid,
        title: "Adaptive TTL method is missing or does not match",
        messageFormat: "TtlFor of '{0}' cannot be used: {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "TtlFor names a static method of the same type that takes the cached value and returns the TimeSpan it should live, as in 'private static TimeSpan UserTtl(User? user)'; a zero or negative TimeSpan means the value is not cached.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.TtlForInvalid));

    public static readonly DiagnosticDescriptor RedisKeyspaceEnumeration = new(
        id: DiagnosticIds.RedisKeyspaceEnumeration,
        title: "KEYS or full-keyspace enumeration in application code",
        messageFormat: "'{0}' walks the whole keyspace of a server (KEYS blocks it, SCAN sweeps it page by page); find entries through tags ([InvalidatesTag], ICacheStore.InvalidateTagAsync) or, for an occasional admin task, ICacheStore.InvalidatePatternAsync, which SCANs in pages",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "KEYS is O(N) in the number of keys and blocks the server while it runs; IServer.Keys falls back to it on old servers and otherwise runs SCAN over the whole keyspace, on one server of a cluster only. Application code should reach the keys it needs through a set that names them (a tag), not by listing the keyspace.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisKeyspaceEnumeration));

    public static readonly DiagnosticDescriptor RedisFlush = new(
        id: DiagnosticIds.RedisFlush,
        title: "FLUSHDB or FLUSHALL from application code",
        messageFormat: "'{0}' deletes every key of the database or server, not only this application's entries; delete what you own by tag or key instead",
        category: Categories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "FLUSHDB and FLUSHALL delete the whole data set of a database or server (in a cluster, of the one server they are sent to), including data other applications share it for. They need allowAdmin and belong in admin tooling and tests, not in application code.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisFlush));

    public static readonly DiagnosticDescriptor RedisNonAtomicTtl = new(
        id: DiagnosticIds.RedisNonAtomicTtl,
        title: "TTL set non-atomically",
        messageFormat: "'{0}' right after '{1}' on the same key is a second command: if it is lost, the key never expires; pass the expiry to '{1}' instead",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "StringSet followed by KeyExpire sends SET and then EXPIRE. A dropped connection, a timeout or a process that stops between the two leaves the key with no TTL, kept until it is deleted or evicted. SET with an expiry (StringSet(key, value, expiry)) does both in one atomic command.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisNonAtomicTtl));

    public static readonly DiagnosticDescriptor RedisAbortConnect = new(
        id: DiagnosticIds.RedisAbortConnect,
        title: "abortConnect is left true",
        messageFormat: "{0} makes the first connect throw when Redis is unreachable, and the multiplexer is never created or retried; set 'abortConnect=false' so it connects in the background",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "With abortConnect true (the default outside Azure), ConnectionMultiplexer.Connect throws when no server answers at once, so an application that starts while Redis restarts fails to start. With abortConnect=false the multiplexer is created at once and keeps reconnecting; commands fail until it is connected, which the cache store's fail-safe handles.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisAbortConnect));

    public static readonly DiagnosticDescriptor RedisSyncCallInAsync = new(
        id: DiagnosticIds.RedisSyncCallInAsync,
        title: "Synchronous Redis call in an async method",
        messageFormat: "'{0}' blocks a thread until Redis replies, inside an async function; use 'await {1}' instead",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A synchronous StackExchange.Redis command holds the calling thread until the reply arrives. In an async method that thread is a thread-pool thread that could serve other work; under load the pool runs out of threads and commands time out with 'WORKER: Busy' above 'Min'. The async twin with the same arguments sends the same command without blocking.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisSyncCallInAsync));

    public static readonly DiagnosticDescriptor RedisBlocking = new(
        id: DiagnosticIds.RedisBlocking,
        title: "Blocking on a Redis task",
        messageFormat: "'{0}' blocks a thread until '{1}' completes (sync-over-async), which starves the thread pool under load and shows up as Redis timeouts; await the task, or call the synchronous method",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Task.Result, Task.Wait() and GetAwaiter().GetResult() on a task returned by a StackExchange.Redis async method hold a thread-pool thread while the reply is awaited; under load the pool runs out of threads and commands time out with 'WORKER: Busy' above 'Min'. Reported only when the referenced StackExchange.Redis is older than 3.1.31, which reports the same as SER307.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisBlocking));

    public static readonly DiagnosticDescriptor RedisSequentialAwaitInLoop = new(
        id: DiagnosticIds.RedisSequentialAwaitInLoop,
        title: "Per-key Redis command awaited sequentially in a loop",
        messageFormat: "'{0}' is awaited once per iteration, so every key costs a full round trip; start the commands first and await them together with 'Task.WhenAll', which pipelines them",
        category: Categories.Performance,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Awaiting each command before sending the next makes a loop over N keys take N network round trips. StackExchange.Redis pipelines commands that are in flight together over its one connection, so starting them all and awaiting Task.WhenAll takes about one round trip, and, unlike a multi-key command, works in a cluster whatever slots the keys hash to.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisSequentialAwaitInLoop));

    public static readonly DiagnosticDescriptor RedisBlockingPubSubHandler = new(
        id: DiagnosticIds.RedisBlockingPubSubHandler,
        title: "Blocking work in a pub/sub handler",
        messageFormat: "'{0}' blocks a thread inside a pub/sub message handler, which delays the messages behind it and ties up the thread pool; use the async API from an async handler, or hand the work to a queue",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "StackExchange.Redis runs subscription handlers on thread-pool threads, and a ChannelMessageQueue handler runs the messages of its channel one after the other. A handler that sleeps, waits on a task or sends a synchronous Redis command holds its thread for the whole wait: later messages wait behind it, and under a burst of messages the thread pool starves, which shows up as Redis timeouts elsewhere in the process.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisBlockingPubSubHandler));

    /// <summary>Every descriptor, in ID order.</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        NotPartial,
        CoreMethodMissing,
        KeyHoleUnknown,
        KeyTemplateMalformed,
        KeyHoleNotFormattable,
        KeyHoleIsCancellationToken,
        TtlInvalid,
        TagNeverAttached,
        TagNeverInvalidated,
        ParameterUnsupported,
        ReturnTypeUnsupported,
        GenericNotSupported,
        NoReflectionFreeSerializer,
        CacheStoreNotFound,
        AttributesConflict,
        BraceHoleLooksLikeParameter,
        StoredValueUnknown,
        BatchSignatureUnsupported,
        InvalidatedKeyNeverCached,
        TtlForInvalid,
        RedisKeyspaceEnumeration,
        RedisFlush,
        RedisNonAtomicTtl,
        RedisAbortConnect,
        RedisSyncCallInAsync,
        RedisBlocking,
        RedisSequentialAwaitInLoop,
        RedisBlockingPubSubHandler);

    /// <summary>The StackExchange.Redis usage rules, reported by <c>RedisUsageAnalyzer</c>.</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> Redis = ImmutableArray.Create(
        RedisKeyspaceEnumeration,
        RedisFlush,
        RedisNonAtomicTtl,
        RedisAbortConnect,
        RedisBlocking);

    /// <summary>The rules that compare one method with the whole compilation (every tag and key attached or invalidated).</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> CompilationWide = ImmutableArray.Create(
        TagNeverAttached,
        TagNeverInvalidated,
        InvalidatedKeyNeverCached);

    /// <summary>The rules the shared analyses report for one method.</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> PerMethod = All.Where(d => d.Id.StartsWith("CACHE", StringComparison.Ordinal)).ToImmutableArray().RemoveRange(CompilationWide);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    /// <summary>The descriptor of a <see cref="DiagnosticIds"/> constant, or null for an ID no analyzer reports yet.</summary>
    public static DiagnosticDescriptor? For(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : null;
}
