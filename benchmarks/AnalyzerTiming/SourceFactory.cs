using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AnalyzerTiming;

/// <summary>
/// Writes the project to analyse: file 0 is the System.Text.Json context, then in turn a [Cached] repository (five
/// attributed methods), a StackExchange.Redis service (about twenty calls: strings, hashes, sorted sets, lists,
/// transactions, a batch, Lua, pub/sub, locks) and a plain class (LINQ, records, pattern matching, async). A few
/// services carry a real mistake (KEYS, a non-atomic TTL, a blocking .Result) so reporting is timed too.
/// </summary>
internal static class SourceFactory
{
    public static List<(string Path, string Text)> Create(int fileCount)
    {
        var files = new List<(string Path, string Text)>();
        var repositories = new List<int>();
        for (var i = 1; i < fileCount; i++)
        {
            switch (i % 3)
            {
                case 1:
                    repositories.Add(i);
                    files.Add(($"Repositories/Item{i}Repository.cs", Repository(i)));
                    break;
                case 2:
                    files.Add(($"Services/Service{i}.cs", RedisService(i)));
                    break;
                default:
                    files.Add(($"Domain/Plain{i}.cs", Plain(i)));
                    break;
            }
        }

        files.Insert(0, ("Json/AppJson.cs", JsonContext(repositories)));
        return files;
    }

    private static string JsonContext(List<int> repositories)
    {
        var text = new StringBuilder();
        text.AppendLine("using System;");
        text.AppendLine("using System.Collections.Generic;");
        text.AppendLine("using System.Text.Json;");
        text.AppendLine("using System.Text.Json.Serialization;");
        text.AppendLine("using System.Text.Json.Serialization.Metadata;");
        text.AppendLine();
        text.AppendLine("namespace Bench.Json;");
        text.AppendLine();
        foreach (var n in repositories)
        {
            text.AppendLine(Invariant($"[JsonSerializable(typeof(Bench.Repositories{n}.Item{n}))]"));
            text.AppendLine(Invariant($"[JsonSerializable(typeof(IReadOnlyList<Bench.Repositories{n}.Item{n}>))]"));
        }

        text.AppendLine("internal sealed partial class AppJson : JsonSerializerContext");
        text.AppendLine("{");
        text.AppendLine("    // Stand-in for the System.Text.Json generator's output, which does not run here.");
        text.AppendLine("    public AppJson() : base(null) { }");
        text.AppendLine("    public static AppJson Default { get; } = new();");
        text.AppendLine("    public override JsonTypeInfo? GetTypeInfo(Type type) => null;");
        text.AppendLine("    protected override JsonSerializerOptions? GeneratedSerializerOptions => null;");
        text.AppendLine("}");
        return text.ToString();
    }

    private static string Repository(int n) => Invariant($$"""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace Bench.Repositories{{n}};

        public sealed record Item{{n}}(int Id, string Name, decimal Price, int CategoryId);

        public interface IItem{{n}}Database
        {
            Task<Item{{n}}?> FindAsync(int id, CancellationToken ct);

            Task<IReadOnlyList<Item{{n}}>> ListAsync(int categoryId, int page, CancellationToken ct);

            Task<IReadOnlyDictionary<int, Item{{n}}?>> FindManyAsync(IReadOnlyList<int> ids, CancellationToken ct);

            Task SaveAsync(Item{{n}} item, CancellationToken ct);

            Task DeleteAsync(int id, CancellationToken ct);
        }

        [CacheDefaults(KeyPrefix = "r{{n}}", Ttl = {{300 + (n % 10 * 60)}}, Jitter = 30)]
        public sealed partial class Item{{n}}Repository(ICacheStore cache, IItem{{n}}Database db)
        {
            [Cached(Key = "item{{n}}:<id>", Tags = ["items{{n}}"])]
            public partial Task<Item{{n}}?> GetAsync(int id, CancellationToken ct = default);

            private Task<Item{{n}}?> GetCoreAsync(int id, CancellationToken ct) => db.FindAsync(id, ct);

            [Cached(Key = "category{{n}}:<categoryId>:page:<page>", Ttl = 120, Jitter = 12, Tags = ["category{{n}}:<categoryId>"])]
            public partial Task<IReadOnlyList<Item{{n}}>> ListAsync(int categoryId, int page, CancellationToken ct = default);

            private Task<IReadOnlyList<Item{{n}}>> ListCoreAsync(int categoryId, int page, CancellationToken ct) => db.ListAsync(categoryId, page, ct);

            [CachedBatch(Key = "item{{n}}:<id>", Tags = ["items{{n}}"])]
            public partial Task<IReadOnlyDictionary<int, Item{{n}}?>> GetManyAsync(IEnumerable<int> ids, CancellationToken ct = default);

            private Task<IReadOnlyDictionary<int, Item{{n}}?>> GetManyCoreAsync(IReadOnlyList<int> ids, CancellationToken ct) => db.FindManyAsync(ids, ct);

            [WriteThrough(Key = "item{{n}}:<item.Id>")]
            [InvalidatesTag("category{{n}}:<item.CategoryId>")]
            public partial Task SaveAsync(Item{{n}} item, CancellationToken ct = default);

            private Task SaveCoreAsync(Item{{n}} item, CancellationToken ct) => db.SaveAsync(item, ct);

            [Invalidates(Key = "item{{n}}:<id>")]
            [InvalidatesTag("items{{n}}")]
            public partial Task DeleteAsync(int id, CancellationToken ct = default);

            private Task DeleteCoreAsync(int id, CancellationToken ct) => db.DeleteAsync(id, ct);
        }
        """);

    private static string RedisService(int n)
    {
        var mistakes = new StringBuilder();
        if (n % 20 == 2)
        {
            mistakes.AppendLine(Invariant($$"""

                    public async Task LegacySetAsync(string id, string value)
                    {
                        await Db.StringSetAsync("s{{n}}:" + id, value);
                        await Db.KeyExpireAsync("s{{n}}:" + id, Ttl);
                    }
                """));
        }

        if (n % 50 == 5)
        {
            mistakes.AppendLine(Invariant($$"""

                    public static int CountKeys(IServer server) => server.Keys(pattern: "s{{n}}:*").Count();
                """));
        }

        if (n % 40 == 8)
        {
            mistakes.AppendLine(Invariant($$"""

                    public string? GetBlocking(string id) => Db.StringGetAsync("s{{n}}:" + id).Result;
                """));
        }

        return Invariant($$""""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using StackExchange.Redis;

            namespace Bench.Services{{n}};

            public sealed class Service{{n}}(IConnectionMultiplexer redis)
            {
                private const string IncrementWithinWindow = """
                    local count = redis.call('INCR', KEYS[1])
                    if count == 1 then
                        redis.call('PEXPIRE', KEYS[1], ARGV[1])
                    end
                    return count
                    """;

                private static readonly TimeSpan Ttl = TimeSpan.FromMinutes({{5 + (n % 30)}});

                private static readonly RedisChannel Events = RedisChannel.Literal("events{{n}}");

                private IDatabase Db => redis.GetDatabase();

                public async Task<string?> GetAsync(string id)
                {
                    var value = await Db.StringGetAsync("s{{n}}:" + id);
                    return value.IsNull ? null : value.ToString();
                }

                public Task<bool> SetAsync(string id, string value) => Db.StringSetAsync("s{{n}}:" + id, value, Ttl);

                public Task<bool> SetIfAbsentAsync(string id, string value) => Db.StringSetAsync("s{{n}}:" + id, value, expiry: Ttl, when: When.NotExists);

                public async Task<string?> TouchAsync(string id) => (await Db.StringGetSetExpiryAsync("s{{n}}:" + id, Ttl)).ToString();

                public async Task<long> CountAsync(string id)
                {
                    var key = (RedisKey)("count{{n}}:" + id);
                    var transaction = Db.CreateTransaction();
                    var count = transaction.StringIncrementAsync(key);
                    _ = transaction.KeyExpireAsync(key, Ttl);
                    await transaction.ExecuteAsync();
                    return await count;
                }

                public async Task SaveProfileAsync(string id, IReadOnlyDictionary<string, string> fields)
                {
                    var key = (RedisKey)("profile{{n}}:" + id);
                    var transaction = Db.CreateTransaction();
                    _ = transaction.HashSetAsync(key, fields.Select(f => new HashEntry(f.Key, f.Value)).ToArray());
                    _ = transaction.KeyExpireAsync(key, Ttl);
                    await transaction.ExecuteAsync();
                }

                public async Task<Dictionary<string, string>> GetProfileAsync(string id)
                    => (await Db.HashGetAllAsync("profile{{n}}:" + id)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());

                public async Task<string?> GetFieldAsync(string id, string field) => (await Db.HashGetAsync("profile{{n}}:" + id, field)).ToString();

                public async Task<double> AddScoreAsync(string board, string player, double points)
                {
                    var key = (RedisKey)("board{{n}}:" + board);
                    var transaction = Db.CreateTransaction();
                    var score = transaction.SortedSetIncrementAsync(key, player, points);
                    _ = transaction.KeyExpireAsync(key, TimeSpan.FromDays(2));
                    await transaction.ExecuteAsync();
                    return await score;
                }

                public async Task<IReadOnlyList<string>> TopAsync(string board, int count)
                    => (await Db.SortedSetRangeByRankAsync("board{{n}}:" + board, 0, count - 1, Order.Descending)).Select(v => v.ToString()).ToList();

                public async Task<long> EnqueueAsync(string queue, string item)
                {
                    var key = (RedisKey)("queue{{n}}:" + queue);
                    var transaction = Db.CreateTransaction();
                    var length = transaction.ListRightPushAsync(key, item);
                    _ = transaction.KeyExpireAsync(key, TimeSpan.FromHours(1));
                    await transaction.ExecuteAsync();
                    return await length;
                }

                public async Task<string?> DequeueAsync(string queue) => (await Db.ListLeftPopAsync("queue{{n}}:" + queue)).ToString();

                public Task<long> PublishAsync(string message) => redis.GetSubscriber().PublishAsync(Events, message);

                public async Task<bool> TryAcquireAsync(string client, int limit)
                {
                    var result = await Db.ScriptEvaluateAsync(IncrementWithinWindow, new RedisKey[] { "rate{{n}}:" + client }, new RedisValue[] { 60_000 });
                    return (long)result <= limit;
                }

                public async Task<RedisValue[]> ReadManyAsync(IReadOnlyList<string> ids)
                {
                    var batch = Db.CreateBatch();
                    var reads = ids.Select(id => batch.StringGetAsync("s{{n}}:" + id)).ToList();
                    batch.Execute();
                    return await Task.WhenAll(reads);
                }

                public Task<bool> LockAsync(string resource, string token) => Db.LockTakeAsync("lock{{n}}:" + resource, token, TimeSpan.FromSeconds(30));

                public Task<bool> UnlockAsync(string resource, string token) => Db.LockReleaseAsync("lock{{n}}:" + resource, token);

                public Task<bool> DeleteAsync(string id) => Db.KeyDeleteAsync("s{{n}}:" + id);

                public Task<TimeSpan?> TimeLeftAsync(string id) => Db.KeyTimeToLiveAsync("s{{n}}:" + id);
            {{mistakes}}}
            """");
    }

    private static string Plain(int n) => Invariant($$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Bench.Domain{{n}};

        public enum Status{{n}} { Draft, Active, Suspended, Closed }

        public sealed record Entry{{n}}(int Id, string Title, Status{{n}} Status, decimal Amount, DateTimeOffset CreatedAt);

        public sealed class Ledger{{n}}
        {
            private readonly List<Entry{{n}}> _entries = new();

            public IReadOnlyList<Entry{{n}}> Entries => _entries;

            public void Add(Entry{{n}} entry)
            {
                ArgumentNullException.ThrowIfNull(entry);
                if (_entries.Any(e => e.Id == entry.Id))
                {
                    throw new InvalidOperationException($"Entry {entry.Id} exists.");
                }

                _entries.Add(entry);
            }

            public decimal Total(Status{{n}} status) => _entries.Where(e => e.Status == status).Sum(e => e.Amount);

            public IEnumerable<IGrouping<int, Entry{{n}}>> ByMonth() => _entries.GroupBy(e => e.CreatedAt.Month).OrderBy(g => g.Key);

            public string Describe(Entry{{n}} entry) => entry.Status switch
            {
                Status{{n}}.Draft => $"{entry.Title} (draft)",
                Status{{n}}.Active when entry.Amount > 1000 => $"{entry.Title}: large, {entry.Amount:N2}",
                Status{{n}}.Active => $"{entry.Title}: {entry.Amount:N2}",
                Status{{n}}.Suspended or Status{{n}}.Closed => entry.Title.ToUpperInvariant(),
                _ => throw new ArgumentOutOfRangeException(nameof(entry)),
            };

            public string Report()
            {
                var text = new StringBuilder();
                foreach (var month in ByMonth())
                {
                    text.Append(month.Key).Append(": ").Append(month.Count()).AppendLine(" entries");
                    foreach (var entry in month.OrderByDescending(e => e.Amount).Take(3))
                    {
                        text.Append("  ").AppendLine(Describe(entry));
                    }
                }

                return text.ToString();
            }

            public async Task<int> ArchiveAsync(Func<Entry{{n}}, CancellationToken, Task> archive, CancellationToken cancellationToken)
            {
                var closed = _entries.Where(e => e.Status == Status{{n}}.Closed).ToList();
                foreach (var entry in closed)
                {
                    await archive(entry, cancellationToken);
                    _entries.Remove(entry);
                }

                return closed.Count;
            }

            public static bool TryParse(string line, out Entry{{n}}? entry)
            {
                entry = null;
                var parts = line.Split(';');
                if (parts.Length != 4 || !int.TryParse(parts[0], out var id) || !decimal.TryParse(parts[3], out var amount))
                {
                    return false;
                }

                entry = new Entry{{n}}(id, parts[1].Trim(), Enum.Parse<Status{{n}}>(parts[2], ignoreCase: true), amount, DateTimeOffset.UnixEpoch);
                return true;
            }
        }
        """);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
