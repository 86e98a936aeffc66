using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>
/// The cache manifest of a real compiled repository, registered by its module initializer when the assembly loads,
/// read through <see cref="CacheManifest.Current"/>; its key is checked against the key the generated code writes.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class ManifestTests(RedisServerFixture redis)
{
    private const string Repository = "Accounts.AccountRepository";

    [Fact]
    public async Task Current_ListsTheRepositorysMethods_WithKeysTtlsTagsAndInvalidators()
    {
        var db = new AccountDb();
        db.Seed(new Account(5, "five"));
        var repository = AccountApp.CreateRepository(Stores.Create(redis.Multiplexer, out var prefix), db);
        await repository.GetAccountAsync(5);

        var entries = CacheManifest.Current.Entries.Where(e => e.DeclaringType == Repository).ToList();

        Assert.Equal(
            [
                "DeleteAccountAsync Invalidates", "GetAccountAsync Cached", "GetAccountsAsync CachedBatch", "RenameAccountAsync WriteThrough",
                "RenameAllAsync InvalidatesTag", "SaveAccountAsync WriteThrough", "SaveAccountLaterAsync WriteBehind",
            ],
            entries.Select(e => e.Method + " " + e.Kind));

        var get = entries.Single(e => e.Method == "GetAccountAsync");
        Assert.Equal(("account:<id>", 600, 60, 0, 0), (get.KeyTemplate, get.TtlSeconds, get.JitterSeconds, get.LocalTtlSeconds, get.FailSafeSeconds));
        Assert.Equal(["accounts", "account:<id>"], get.Tags);
        Assert.Equal(
            [
                "DeleteAccountAsync Key account:<id>", "DeleteAccountAsync Tag account:<id>", "RenameAccountAsync Write account:<id>",
                "RenameAllAsync Tag accounts", "SaveAccountAsync Write account:<account.Id>", "SaveAccountLaterAsync Write account:<account.Id>",
            ],
            get.InvalidatedBy.Select(l => $"{l.Method} {l.Kind} {l.Template}"));
        Assert.All(get.InvalidatedBy, l => Assert.Equal(Repository, l.DeclaringType));

        // The manifest's key is the one in Redis: the store's prefix first, the hole filled in.
        var keys = redis.Multiplexer.GetServer(redis.Server.Endpoint).Keys(pattern: prefix + ":*").Select(k => k.ToString()).ToList();
        Assert.Matches("^acct:account:<id>#[0-9a-f]{8}$", get.Key);
        Assert.Contains($"{prefix}:{get.Key!.Replace("<id>", "5", StringComparison.Ordinal)}", keys);

        var delete = entries.Single(e => e.Method == "DeleteAccountAsync");
        Assert.Equal((null, null, 0), (delete.KeyTemplate, delete.Key, delete.TtlSeconds));
        Assert.Equal(["acct:account:<id>"], delete.InvalidatedKeys);
        Assert.Equal(["account:<id>"], delete.InvalidatedTags);
        Assert.Equal(
            ["GetAccountAsync Key", "GetAccountAsync Tag", "GetAccountsAsync Key", "GetAccountsAsync Tag"],
            delete.Invalidates.Select(l => $"{l.Method} {l.Kind}"));
    }

    [Fact]
    public void ToJson_ServesTheRepositorysEntries()
    {
        AccountApp.CreateRepository(Stores.Create(redis.Multiplexer, out _), new AccountDb());

        using var document = System.Text.Json.JsonDocument.Parse(CacheManifest.Current.ToJson());
        var renameAll = document.RootElement.GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("declaringType").GetString() == Repository && e.GetProperty("method").GetString() == "RenameAllAsync");

        Assert.Equal("InvalidatesTag", renameAll.GetProperty("kind").GetString());
        Assert.Equal(["accounts"], renameAll.GetProperty("invalidatedTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(
            ["GetAccountAsync tag accounts", "GetAccountsAsync tag accounts"],
            renameAll.GetProperty("invalidates").EnumerateArray().Select(l => $"{l.GetProperty("method").GetString()} {l.GetProperty("via").GetString()} {l.GetProperty("template").GetString()}"));
    }
}
