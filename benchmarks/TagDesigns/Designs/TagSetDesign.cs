using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace TagDesigns.Designs;

/// <summary>
/// REJECTED ALTERNATIVE, a prototype kept only to measure it: each tag is a Redis set of the keys carrying it. A fill
/// SETs the entry, SADDs its key to the tag's set and pushes the set's expiry out; invalidation reads the set and
/// deletes every key in it, then the set. Its cost grows with the number of entries, a fill that read the database
/// before the invalidation re-adds a stale entry after it (nothing closes that race), and on a cluster the entries
/// and the set live in different slots, so neither the fill nor the delete can be one atomic command.
/// </summary>
/// <param name="database">The private server.</param>
/// <param name="scan">
/// True: SSCAN the set in pages and UNLINK each page, then UNLINK the set (the careful variant, no long command).
/// False: SMEMBERS the whole set and DEL in batches, then DEL the set (the naive variant; DEL of a big set is O(N)).
/// </param>
/// <param name="space">Keeps this design's keys apart from other designs' on the same server.</param>
internal sealed class TagSetDesign(IDatabase database, bool scan, string space) : ITagDesign
{
    private const int BatchSize = 100;
    private const int DeletePage = 1000;

    public string Name => scan ? "tag set, SSCAN + UNLINK (rejected)" : "tag set, SMEMBERS + DEL (rejected)";

    public string Bookkeeping => "one set per tag holding every tagged key (also keys already expired), TTL pushed out by every fill";

    public bool CanInvalidate => true;

    private static RedisKey SetKey(string tag) => "bench:tagset:" + tag;

    public string[] BookkeepingKeys(string tag) => [SetKey(tag)!];

    public async Task FillManyAsync(int first, int count, string tag)
    {
        for (var start = first; start < first + count; start += BatchSize)
        {
            var batch = database.CreateBatch();
            var writes = new List<Task>(3 * BatchSize);
            for (var i = start; i < Math.Min(start + BatchSize, first + count); i++)
            {
                writes.AddRange(Store(batch, i, tag));
            }

            batch.Execute();
            await Task.WhenAll(writes);
        }
    }

    public async Task<bool> FillOneAsync(int index, string tag)
    {
        if (!(await database.StringGetAsync(BenchEntries.Key(space, index))).IsNull)
        {
            return false;
        }

        var batch = database.CreateBatch();
        var writes = Store(batch, index, tag);
        batch.Execute();
        await Task.WhenAll(writes);
        return true;
    }

    public async Task<bool> ReadAsync(int index, string tag)
        => !(await database.StringGetAsync(BenchEntries.Key(space, index))).IsNull;

    public Task InvalidateAsync(string tag) => scan ? ScanAndUnlinkAsync(SetKey(tag)) : MembersAndDeleteAsync(SetKey(tag));

    // The entry, its membership, and the set's expiry (it must outlive its newest member, or an invalidation misses it).
    private Task[] Store(IBatch batch, int index, string tag)
        =>
        [
            batch.StringSetAsync(BenchEntries.Key(space, index), BenchEntries.RawEntry, BenchEntries.Ttl),
            batch.SetAddAsync(SetKey(tag), BenchEntries.Key(space, index)),
            batch.KeyExpireAsync(SetKey(tag), BenchEntries.Ttl),
        ];

    private async Task ScanAndUnlinkAsync(RedisKey setKey)
    {
        var deletes = new List<Task>();
        var cursor = "0";
        do
        {
            // SSCAN by hand, so each page is one visible command and the cursor is ours.
            var page = (RedisResult[])(await database.ExecuteAsync("SSCAN", setKey, cursor, "COUNT", DeletePage))!;
            cursor = (string)page[0]!;
            var members = (RedisResult[])page[1]!;
            if (members.Length > 0)
            {
                var arguments = new object[members.Length];
                for (var i = 0; i < members.Length; i++)
                {
                    arguments[i] = (RedisKey)(string)members[i]!;
                }

                deletes.Add(database.ExecuteAsync("UNLINK", arguments));
            }
        }
        while (cursor != "0");

        await Task.WhenAll(deletes);
        await database.ExecuteAsync("UNLINK", setKey);
    }

    private async Task MembersAndDeleteAsync(RedisKey setKey)
    {
        var members = await database.SetMembersAsync(setKey);
        var deletes = new List<Task>();
        for (var start = 0; start < members.Length; start += DeletePage)
        {
            var page = new object[Math.Min(DeletePage, members.Length - start)];
            for (var i = 0; i < page.Length; i++)
            {
                page[i] = (RedisKey)(string)members[start + i]!;
            }

            // DEL by name: IDatabase.KeyDeleteAsync quietly sends UNLINK when the server has it.
            deletes.Add(database.ExecuteAsync("DEL", page));
        }

        await Task.WhenAll(deletes);
        await database.ExecuteAsync("DEL", setKey);
    }
}
