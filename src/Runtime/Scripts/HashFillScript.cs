using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// Writes a hash-layout entry in one round trip: DEL (so no field of an older value survives), HSET of the header and
/// every non-null field, PEXPIRE. A fill compares first against what its read observed, like <see cref="FillScript"/>:
/// nothing (<c>n</c>: no key, or a hash with no header, which is not ours), a hash whose header field held exactly these bytes (<c>h…</c>: the header has a random write
/// id), or a non-hash value with this SHA-1 (<c>s…</c>: an invalidation's marker, a JSON-layout entry, a foreign
/// value), or a key of another type (<c>o</c>: a list or set another application left). A write-through passes <c>*</c> and always writes. One key per call, so it is safe on Redis Cluster.
/// </summary>
internal static class HashFillScript
{
    // KEYS[1] the entry; ARGV[1] what the read observed (above); ARGV[2] the expiry in ms; ARGV[3..] field, value
    // pairs, the header first. Returns 1 when stored, 0 when dropped.
    // The first write is a SET (replaced at once): Redis refuses a script's first write when it is over maxmemory,
    // but lets every later one through ("can't stop in the middle"), and DEL is not refused under OOM. With DEL
    // first, hash fills went on writing past maxmemory under noeviction (found by Resilience.Tests/Memory).
    // With SET first, an OOM fails the script before anything changed.
    public const string Text = """
        local kind = string.sub(ARGV[1], 1, 1)
        if kind ~= '*' then
          local token = string.sub(ARGV[1], 2)
          local t = redis.call('TYPE', KEYS[1]).ok
          if kind == 'n' then
            if t == 'hash' then
              if redis.call('HEXISTS', KEYS[1], '#h') == 1 then return 0 end
            elseif t ~= 'none' then
              return 0
            end
          elseif kind == 'h' then
            if t ~= 'hash' or (redis.call('HGET', KEYS[1], '#h') or '') ~= token then return 0 end
          elseif kind == 's' then
            if t ~= 'string' or redis.sha1hex(redis.call('GET', KEYS[1])) ~= token then return 0 end
          elseif kind == 'o' then
            if t == 'none' or t == 'hash' or t == 'string' then return 0 end
          else
            return 0
          end
        end
        redis.call('SET', KEYS[1], '')
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], unpack(ARGV, 3))
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    /// <summary>Runs the script; true when stored.</summary>
    public static async Task<bool> StoreAsync(IDatabase database, RedisKey key, RedisValue[] arguments)
        => (long)await database.ScriptEvaluateAsync(Text, [key], arguments).ConfigureAwait(false) == 1;
}
