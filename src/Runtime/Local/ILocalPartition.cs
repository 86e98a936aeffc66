namespace Caching;

/// <summary>What a store asks of every L1 partition attached to it when something is invalidated.</summary>
internal interface ILocalPartition
{
    /// <summary>Drops the entry stored under <paramref name="redisKey"/>, if this partition holds it.</summary>
    void Evict(string redisKey);

    /// <summary>Drops every entry carrying <paramref name="tag"/>.</summary>
    void EvictTag(string tag);

    /// <summary>Drops everything: after a pattern invalidation, or when invalidation messages may have been missed.</summary>
    void Clear();
}
