namespace Caching.Generators.Shared;

/// <summary>
/// Every diagnostic ID, in ID order, named for its meaning. IDs come from the catalogue in the research notes;
/// a rule it lacks takes the next free number. An ID is never reused.
/// </summary>
internal static class DiagnosticIds
{
    public const string NotPartial = "CACHE001";
    public const string CoreMethodMissing = "CACHE002";
    public const string KeyHoleUnknown = "CACHE003";
    public const string KeyTemplateMalformed = "CACHE004";
    public const string KeyHoleNotFormattable = "CACHE005";
    public const string KeyHoleInexact = "CACHE006";
    public const string KeyMissesParameter = "CACHE008";
    public const string KeyHoleIsCancellationToken = "CACHE009";
    public const string TtlInvalid = "CACHE010";
    public const string TagNeverAttached = "CACHE011";
    public const string TagNeverInvalidated = "CACHE012";
    public const string KeysCollide = "CACHE013";
    public const string ParameterUnsupported = "CACHE014";
    public const string ReturnTypeUnsupported = "CACHE015";
    public const string GenericNotSupported = "CACHE016";
    public const string NoReflectionFreeSerializer = "CACHE017";
    public const string CacheStoreNotFound = "CACHE018";
    public const string AttributesConflict = "CACHE019";
    public const string HashTagPinsSlot = "CACHE020";
    public const string KeyLiteralUnwieldy = "CACHE021";
    public const string SharedMutableValue = "CACHE023";
    public const string CachedMethodSynchronous = "CACHE025";
    public const string BraceHoleLooksLikeParameter = "CACHE026";
    public const string StoredValueUnknown = "CACHE027";
    public const string BatchSignatureUnsupported = "CACHE028";
    public const string InvalidatedKeyNeverCached = "CACHE029";
    public const string TtlForInvalid = "CACHE030";
    public const string KeyHolesNotSeparated = "CACHE031";
    public const string HashLayoutUnsupported = "CACHE032";
    public const string RedisKeyspaceEnumeration = "REDIS001";
    public const string RedisFlush = "REDIS002";
    public const string RedisWriteWithoutExpiry = "REDIS003";
    public const string RedisNonAtomicTtl = "REDIS004";
    public const string RedisMultiplexerPerOperation = "REDIS005";
    public const string RedisAbortConnect = "REDIS006";
    public const string RedisSyncCallInAsync = "REDIS007";
    public const string RedisBlocking = "REDIS008";
    public const string RedisScriptUndeclaredKey = "REDIS009";
    public const string RedisCrossSlot = "REDIS010";
    public const string RedisScriptNotConstant = "REDIS011";
    public const string RedisSequentialAwaitInLoop = "REDIS012";
    public const string RedisFireAndForget = "REDIS013";
    public const string RedisHardCodedPassword = "REDIS014";
    public const string RedisCertificateValidationDisabled = "REDIS015";
    public const string RedisBatchNotExecuted = "REDIS016";
    public const string RedisBlockingPubSubHandler = "REDIS017";
    public const string RedisScanPattern = "REDIS018";
    public const string RedisAllowAdmin = "REDIS019";
    public const string RedisBlockingCommand = "REDIS020";
}
