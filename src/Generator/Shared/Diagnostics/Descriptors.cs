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
        description: "Every entry written to the cache needs a positive time to live, from the attribute ([Cached], [CachedBatch], [WriteThrough], [WriteBehind]) or the type's [CacheDefaults], and a jitter of 0 or more that is less than the time to live. On [Cached], LocalTtl must not exceed it and cannot be combined with TtlFor, LocalCapacity is at least 3, SoftTimeout and HardTimeout need FailSafe and the soft one is shorter, RefreshAhead is 0 or a fraction between 0 and 1, and CompressAbove is 0 or more bytes.",
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

    public static readonly DiagnosticDescriptor RedisWriteWithoutExpiry = new(
        id: DiagnosticIds.RedisWriteWithoutExpiry,
        title: "Redis write without expiry",
        messageFormat: "'{0}' leaves the key with no TTL, so it stays until it is deleted or evicted; {1}",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A key written without a TTL is kept until something deletes it: with maxmemory 0 (the default) memory grows without bound, and under a volatile-* eviction policy keys without a TTL are never evicted. StringSet without an expiry (and without keepTtl) also discards the TTL the key had. Writes to hashes, sets, sorted sets and lists never set a TTL; they are reported when no KeyExpire on the same key follows in the same method.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisWriteWithoutExpiry));

    public static readonly DiagnosticDescriptor RedisNonAtomicTtl = new(
        id: DiagnosticIds.RedisNonAtomicTtl,
        title: "TTL set non-atomically",
        messageFormat: "'{0}' after '{1}' on the same key {2}",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "StringSet (or HashSet) followed by KeyExpire sends two commands. A dropped connection, a timeout or a process that stops between the two leaves the key with no TTL, kept until it is deleted or evicted. SET with an expiry (StringSet(key, value, expiry)) does both in one atomic command; for a hash, a Lua script does (or HSETEX on Redis 8.0+). KeyExpire before StringSet is worse: SET discards the TTL, so the key never expires.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisNonAtomicTtl));

    public static readonly DiagnosticDescriptor RedisMultiplexerPerOperation = new(
        id: DiagnosticIds.RedisMultiplexerPerOperation,
        title: "ConnectionMultiplexer created per operation",
        messageFormat: "'{0}' opens new connections that are disposed {1}; connect once when the application starts and share the multiplexer (a singleton IConnectionMultiplexer or a static Lazy<ConnectionMultiplexer>)",
        category: Categories.Performance,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A ConnectionMultiplexer is expensive to create (sockets, handshakes, a background heartbeat) and is designed to be created once and shared by the whole application, which it pipelines over one connection per server. Connecting and disposing per call or per iteration exhausts sockets under load (TIME_WAIT) and pays the handshake on every call.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisMultiplexerPerOperation));

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

    public static readonly DiagnosticDescriptor KeyHoleInexact = new(
        id: DiagnosticIds.KeyHoleInexact,
        title: "Key hole has several texts for one value",
        messageFormat: "The hole '<{0}>' can put one value in several keys ({1}), so an invalidation may miss the entry a read cached; key on a type with one text per value (an integer, DateOnly, a UTC DateTime converted to ticks) or give the hole an explicit format",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Holes are formatted with the invariant culture, but float, double, Half and decimal values that are equal can still format differently (0 and -0, 1.0 and 1.00), and a DateTime or DateTimeOffset shows its kind or offset. Reads then fill several entries for one value, and an invalidation built from an equal value with another text leaves the cached one in place.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.KeyHoleInexact));

    public static readonly DiagnosticDescriptor KeyMissesParameter = new(
        id: DiagnosticIds.KeyMissesParameter,
        title: "Parameter is not part of the key",
        messageFormat: "'{0}' is not in the key '{1}', so calls that differ only in '{0}' share one cached result; add '<{0}>' to the key, or mark the parameter [NotCacheKey] if it never changes the result",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The key identifies the cached result. A parameter the key leaves out either changes the result, and then one caller is served another caller's data, or it does not, and [NotCacheKey] says so. Cancellation tokens, loggers and service providers are left out without it.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.KeyMissesParameter));

    public static readonly DiagnosticDescriptor KeysCollide = new(
        id: DiagnosticIds.KeysCollide,
        title: "Two cached methods build the same keys",
        messageFormat: "The key '{0}' of '{1}' has the same shape and value type as '{2}' of '{3}', so the two methods read and overwrite each other's entries; give one of them a distinct prefix, or write the same key text in both if they cache the same thing",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Two [Cached] methods whose keys have the same literal text around their holes, the same type prefix and the same value type write the same Redis key for the same arguments, so one method returns what the other cached. Methods that write the same key text on purpose (two readers of one entry) are not reported; a key left to its default (the method name) never counts as on purpose.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.KeysCollide),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor HashTagPinsSlot = new(
        id: DiagnosticIds.HashTagPinsSlot,
        title: "Hash tag puts every key on one cluster slot",
        messageFormat: "The key '{0}' {1}",
        category: Categories.Performance,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Redis Cluster hashes only the text between the first '{' and the next '}' of a key. A hash tag with no hole in it sends every key of the method to one slot, so one node holds and serves them all; only the first hash tag counts, so a second one does nothing. Reported only when .editorconfig says caching_redis.topology = cluster.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.HashTagPinsSlot));

    public static readonly DiagnosticDescriptor KeyLiteralUnwieldy = new(
        id: DiagnosticIds.KeyLiteralUnwieldy,
        title: "Key text is long or has whitespace or control characters",
        messageFormat: "The key '{0}' {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The literal text of a key is stored in Redis and sent with every command. Long literal text costs memory and bandwidth on every entry; whitespace and control characters make keys hard to read and to match in redis-cli, MONITOR output and SCAN patterns.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.KeyLiteralUnwieldy));

    public static readonly DiagnosticDescriptor SharedMutableValue = new(
        id: DiagnosticIds.SharedMutableValue,
        title: "Mutable value shared through L1",
        messageFormat: "'{0}' can be changed ({2}), and with LocalTtl every caller of '{1}' gets the same instance, so one caller's change is seen by all; return an immutable type (init-only properties, IReadOnlyList<T>), or mark it [ImmutableObject(true)] if callers never change it",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "L1 keeps the deserialized value in memory and returns that instance on every hit. A caller that changes it (adds to a list, sets a property) changes what every later caller in the process receives, until the entry expires.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.SharedMutableValue));

    public static readonly DiagnosticDescriptor CachedMethodSynchronous = new(
        id: DiagnosticIds.CachedMethodSynchronous,
        title: "Cached method is synchronous",
        messageFormat: "'{0}' returns its value synchronously, so its generated body blocks the calling thread on Redis I/O; return Task<T> or ValueTask<T> and await it",
        category: Categories.Performance,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A synchronous cached method waits for Redis on the caller's thread. Under load the thread pool runs out of threads and commands time out; the synchronous path also has no soft timeout, refresh-ahead or distributed fill.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.CachedMethodSynchronous));

    public static readonly DiagnosticDescriptor KeyHolesNotSeparated = new(
        id: DiagnosticIds.KeyHolesNotSeparated,
        title: "Key holes are not separated",
        messageFormat: "In '{0}' the first value's end cannot be told from the text, so two different argument lists build one key (1 and 23, 12 and 3); separate the holes with ':'",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Hole values are escaped so that they never contain ':' (and the other characters the runtime escapes). Two holes with nothing between them, or a string hole followed by a separator such as '-' or '.' that a string may contain, let two different argument lists spell the same key, and one caller is served the other's result.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.KeyHolesNotSeparated));

    public static readonly DiagnosticDescriptor HashLayoutUnsupported = new(
        id: DiagnosticIds.HashLayoutUnsupported,
        title: "Value cannot be stored as a Redis hash",
        messageFormat: "Method '{0}' cannot store its value as a hash (Layout = CacheLayout.Hash): {1}",
        category: Categories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Layout = CacheLayout.Hash stores a flat value as a Redis hash, one field per property. The value must be a class, record or struct whose stored properties are all strings, numbers, bool, enums, dates, times, Guid or byte[] (or their nullables) and that a public constructor and initializer can build; the method must be asynchronous, and cannot use tags, L1, fail-safe, refresh-ahead or compression, which rely on a string entry.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.HashLayoutUnsupported));
    public static readonly DiagnosticDescriptor RedisFireAndForget = new(
        id: DiagnosticIds.RedisFireAndForget,
        title: "Cache write or invalidation sent fire-and-forget",
        messageFormat: "'{0}' is sent with 'CommandFlags.FireAndForget': if it fails, nothing sees the error and the cache keeps a stale or missing entry; await the command and handle its failure",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A command sent with CommandFlags.FireAndForget returns a default value at once and its reply, error included, is dropped. For a delete or publish that invalidates a cache entry, or a write of one, a lost command leaves readers with stale data and nothing logs it.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisFireAndForget));

    public static readonly DiagnosticDescriptor RedisBatchNotExecuted = new(
        id: DiagnosticIds.RedisBatchNotExecuted,
        title: "Batch or transaction is never executed",
        messageFormat: "'{0}' queues commands but is never executed, so none of them is sent; call '{0}.{1}()' after queuing them",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Commands called on an IBatch or ITransaction are buffered, not sent, until Execute or ExecuteAsync is called on it. A batch or transaction that is never executed silently does nothing, and a task of one of its commands never completes.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisBatchNotExecuted));

    public static readonly DiagnosticDescriptor RedisBlockingCommand = new(
        id: DiagnosticIds.RedisBlockingCommand,
        title: "Blocking command sent through Execute",
        messageFormat: "'{0}' blocks the connection until data arrives or its timeout ends, and every command multiplexed on that connection waits behind it; poll with the non-blocking command, or use a dedicated connection",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "StackExchange.Redis multiplexes every caller over one connection per server and deliberately has no API for blocking commands, because one of them stalls the whole multiplexer. Sent through Execute, BLPOP, BRPOP, BLMOVE, BZPOPMIN, XREAD BLOCK or WAIT with timeout 0 hold that connection until they return, and every other command times out behind them.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisBlockingCommand));
    public static readonly DiagnosticDescriptor RedisScriptUndeclaredKey = new(
        id: DiagnosticIds.RedisScriptUndeclaredKey,
        title: "Lua script touches keys not passed via KEYS",
        messageFormat: "'{0}' {1}; pass every key the script touches in the keys array and read it as KEYS[n] (in a cluster, give them one hash tag)",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Redis routes a script by the keys it declares: Redis Cluster sends EVAL to the node owning KEYS and fails any other key with 'Script attempted to access a non local key in a cluster node'; a standalone server accepts it, so tests on one node pass. A key command whose key is a string literal, a concatenation or ARGV[n], or KEYS read while the call passes no keys, breaks that contract.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisScriptUndeclaredKey));

    public static readonly DiagnosticDescriptor RedisCrossSlot = new(
        id: DiagnosticIds.RedisCrossSlot,
        title: "Multi-key operation whose keys cannot share a slot",
        messageFormat: "Keys '{0}' and '{1}' of '{2}' hash to different cluster slots, so the call fails with CROSSSLOT; give the keys one hash tag (such as '{{user:42}}:name' and '{{user:42}}:email'), or send one call per key and await them together with Task.WhenAll",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "In Redis Cluster a command or script with several keys must find them all in one hash slot; otherwise the server answers CROSSSLOT and StackExchange.Redis throws 'Multi-key operations must involve a single slot'. Only the text between the first '{' and the next '}' is hashed when present. Reported only when the project declares caching_redis.topology = cluster.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisCrossSlot));

    public static readonly DiagnosticDescriptor RedisScriptNotConstant = new(
        id: DiagnosticIds.RedisScriptNotConstant,
        title: "Lua script body is not a compile-time constant",
        messageFormat: "The script text is built from '{0}' at run time: every distinct text stays in the server's script cache, and a value spliced into code can change what it does; keep the script constant and pass the value in ARGV (or as an @parameter of LuaScript)",
        category: Categories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Redis keeps every script it has run in its script cache until SCRIPT FLUSH or a restart, so a script text that changes per call grows server memory without bound, and composing Lua from strings lets a crafted value run other commands. Values belong in ARGV and keys in KEYS.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisScriptNotConstant));

    public static readonly DiagnosticDescriptor RedisScanPattern = new(
        id: DiagnosticIds.RedisScanPattern,
        title: "SCAN pattern built from unescaped input, or a tiny page size",
        messageFormat: "SCAN {0} '{1}' {2}",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "SCAN and KEYS read '*', '?', '[...]' and '\\' in a MATCH pattern as wildcards, so a user id of '*' lists every user's keys and a long crafted pattern costs the server CPU; escape input with a backslash before each of them. A page size under 100 makes a walk of the keyspace cost many more round trips than the StackExchange.Redis default of 250.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisScanPattern));
    public static readonly DiagnosticDescriptor RedisHardCodedPassword = new(
        id: DiagnosticIds.RedisHardCodedPassword,
        title: "Redis password in source code",
        messageFormat: "{0} puts a Redis 'password' in the source code, where anyone with the repository or the built assembly can read it; read it from configuration, user secrets or a vault",
        category: Categories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A password in a constant connection string or assigned as a literal to ConfigurationOptions.Password is compiled into the assembly and kept in source control history (CWE-798). Read the connection string or the password from configuration, user secrets, environment variables or a vault. Not reported in test projects, where local servers use throwaway passwords.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisHardCodedPassword));

    public static readonly DiagnosticDescriptor RedisCertificateValidationDisabled = new(
        id: DiagnosticIds.RedisCertificateValidationDisabled,
        title: "TLS certificate validation is disabled",
        messageFormat: "This 'CertificateValidation' handler accepts every server certificate, so anyone on the network path can pose as the Redis server and read the password and the data; trust the server's CA with 'ConfigurationOptions.TrustIssuer' instead",
        category: Categories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A CertificateValidation handler that always returns true turns TLS into encryption without authentication: a man in the middle presents any certificate and the client sends AUTH and every command to it. For a private CA, ConfigurationOptions.TrustIssuer validates the chain against that CA.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisCertificateValidationDisabled));

    public static readonly DiagnosticDescriptor RedisAllowAdmin = new(
        id: DiagnosticIds.RedisAllowAdmin,
        title: "allowAdmin enabled in application code",
        messageFormat: "{0} lets every caller of this multiplexer send admin commands (FLUSHALL, FLUSHDB, KEYS, CONFIG, SHUTDOWN); leave 'allowAdmin' off in application code and use a separate connection in admin tools",
        category: Categories.Security,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "StackExchange.Redis refuses commands it considers risky (FLUSHALL, FLUSHDB, KEYS, CONFIG, DEBUG, SHUTDOWN and others) unless allowAdmin is set. Setting it on the application's multiplexer removes that guard for all of the application's code. Not reported in test projects, which often flush their databases.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.RedisAllowAdmin));
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
        KeyHoleInexact,
        KeyMissesParameter,
        KeyHoleIsCancellationToken,
        TtlInvalid,
        TagNeverAttached,
        TagNeverInvalidated,
        KeysCollide,
        ParameterUnsupported,
        ReturnTypeUnsupported,
        GenericNotSupported,
        NoReflectionFreeSerializer,
        CacheStoreNotFound,
        AttributesConflict,
        HashTagPinsSlot,
        KeyLiteralUnwieldy,
        SharedMutableValue,
        CachedMethodSynchronous,
        BraceHoleLooksLikeParameter,
        StoredValueUnknown,
        BatchSignatureUnsupported,
        InvalidatedKeyNeverCached,
        TtlForInvalid,
        KeyHolesNotSeparated,
        HashLayoutUnsupported,
        RedisKeyspaceEnumeration,
        RedisFlush,
        RedisWriteWithoutExpiry,
        RedisNonAtomicTtl,
        RedisMultiplexerPerOperation,
        RedisAbortConnect,
        RedisSyncCallInAsync,
        RedisBlocking,
        RedisScriptUndeclaredKey,
        RedisCrossSlot,
        RedisScriptNotConstant,
        RedisSequentialAwaitInLoop,
        RedisFireAndForget,
        RedisHardCodedPassword,
        RedisCertificateValidationDisabled,
        RedisBatchNotExecuted,
        RedisBlockingPubSubHandler,
        RedisScanPattern,
        RedisAllowAdmin,
        RedisBlockingCommand);

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
    public static readonly ImmutableArray<DiagnosticDescriptor> PerMethod = All.Where(d => d.Id.StartsWith("CACHE", StringComparison.Ordinal)).ToImmutableArray()
        .RemoveRange(CompilationWide).Remove(KeysCollide).Remove(HashTagPinsSlot);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    /// <summary>The descriptor of a <see cref="DiagnosticIds"/> constant, or null for an ID no analyzer reports yet.</summary>
    public static DiagnosticDescriptor? For(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : null;
}
