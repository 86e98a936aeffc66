using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace TagDesigns.Designs;

/// <summary>
/// REJECTED ALTERNATIVE, a prototype kept only to measure it: each tag has a version counter, and the version is
/// part of every entry key (<c>bench:item:42#…:v3</c>). Invalidation is one INCR (with its expiry, in one MULTI on
/// one key); the old entries are never read again and expire on their own. The price is on every read: the key is
/// only known after the version is read, so a read is two sequential round trips (three for a fill).
/// </summary>
internal sealed class VersionedNamespaceDesign(IDatabase database, string space) : ITagDesign
{
    private const int BatchSize = 100;

    // The counter must outlive every entry written under an older version, or a restart at 0 would find them again.
    private static readonly TimeSpan VersionTtl = BenchEntries.Ttl + TimeSpan.FromMinutes(2);

    public string Name => "versioned keys (rejected)";

    public string Bookkeeping => "one counter per tag, TTL > longest entry TTL; the version suffix in every key";

    public bool CanInvalidate => true;

    private static RedisKey VersionKey(string tag) => "bench:ver:" + tag;

    private RedisKey VersionedKey(int index, long version)
        => BenchEntries.Key(space, index) + ":v" + version.ToString(CultureInfo.InvariantCulture);

    public string[] BookkeepingKeys(string tag) => [VersionKey(tag)!];

    public async Task FillManyAsync(int first, int count, string tag)
    {
        for (var start = first; start < first + count; start += BatchSize)
        {
            // Like the stamps' warming, the version is read once per batch.
            var version = await ReadVersionAsync(tag);
            var batch = database.CreateBatch();
            var writes = new List<Task>(BatchSize);
            for (var i = start; i < Math.Min(start + BatchSize, first + count); i++)
            {
                writes.Add(batch.StringSetAsync(VersionedKey(i, version), BenchEntries.RawEntry, BenchEntries.Ttl));
            }

            batch.Execute();
            await Task.WhenAll(writes);
        }
    }

    public async Task<bool> FillOneAsync(int index, string tag)
    {
        var key = VersionedKey(index, await ReadVersionAsync(tag));
        if (!(await database.StringGetAsync(key)).IsNull)
        {
            return false;
        }

        await database.StringSetAsync(key, BenchEntries.RawEntry, BenchEntries.Ttl);
        return true;
    }

    public async Task<bool> ReadAsync(int index, string tag)
        => !(await database.StringGetAsync(VersionedKey(index, await ReadVersionAsync(tag)))).IsNull;

    public async Task InvalidateAsync(string tag)
    {
        var transaction = database.CreateTransaction();
        var increment = transaction.StringIncrementAsync(VersionKey(tag));
        var expire = transaction.KeyExpireAsync(VersionKey(tag), VersionTtl);
        await transaction.ExecuteAsync();
        await Task.WhenAll(increment, expire);
    }

    private async Task<long> ReadVersionAsync(string tag)
    {
        var value = await database.StringGetAsync(VersionKey(tag));
        return value.IsNull ? 0 : (long)value;
    }
}
