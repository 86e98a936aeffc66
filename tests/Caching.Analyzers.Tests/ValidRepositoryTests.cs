using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>A repository using every supported shape raises nothing.</summary>
public sealed class ValidRepositoryTests
{
    private const string Repository = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App.Data;

        // Primary-constructor store, [CacheDefaults] TTL and prefix, Task<T> and ValueTask<T>.
        [CacheDefaults(KeyPrefix = "shop", Ttl = 600, Jitter = 30)]
        public sealed partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>")]
            public partial Task<User?> GetUserAsync(int id, CancellationToken cancellationToken = default);

            [Cached(Key = "orders:<user.Id>:<day:yyyy-MM-dd>", Ttl = 60)]
            public partial ValueTask<int> CountOrdersAsync(User user, DateOnly day, CancellationToken cancellationToken = default);

            // The default key: GetDisplayName:<id>.
            [Cached(Ttl = 120, Jitter = 0)]
            public partial {|CACHE025:string|} GetDisplayName(long id);

            private Task<User?> GetUserCoreAsync(int id, CancellationToken cancellationToken) => Task.FromResult<User?>(new User(id, "Ada"));

            private ValueTask<int> CountOrdersCoreAsync(User user, DateOnly day, CancellationToken cancellationToken) => new(user.Id);

            private string GetDisplayNameCore(long id) => "user " + id;
        }

        // Nested partial types, a field store chosen by [CacheStore], a Core named explicitly, a {hash tag}.
        public static partial class Catalog
        {
            public partial class ProductRepository
            {
                private readonly ICacheStore _local;

                [CacheStore]
                private readonly ICacheStore _shared;

                public ProductRepository(ICacheStore local, ICacheStore shared)
                {
                    _local = local;
                    _shared = shared;
                }

                [Cached(Key = "{catalog}:product:<sku>", Ttl = 300, Core = nameof(LoadProductAsync))]
                public partial Task<Product?> GetProductAsync(string sku);

                private async Task<Product?> LoadProductAsync(string sku)
                {
                    await Task.Yield();
                    return new Product(sku, 9.99m, new List<string> { "new" });
                }
            }
        }

        // A record whose primary-constructor parameter becomes the store property.
        public sealed partial record PriceService(ICacheStore Cache)
        {
            [Cached(Key = "price:<sku>:<currency>", Ttl = 30)]
            public partial {|CACHE025:decimal|} GetPrice(string sku, Currency currency);

            private decimal GetPriceCore(string sku, Currency currency) => 1m;
        }
        """;

    private const string Model = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        namespace App;

        public sealed record User(int Id, string Name);

        public sealed record Product(string Sku, decimal Price, List<string> Tags);

        public enum Currency { Eur, Usd }

        [JsonSerializable(typeof(User))]
        [JsonSerializable(typeof(Product))]
        internal partial class AppJson : JsonSerializerContext
        {
        }
        """;

    // What the two generators would add; they do not run in these tests.
    private const string Generated = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization.Metadata;
        using System.Threading;
        using System.Threading.Tasks;

        namespace App
        {
            partial class AppJson
            {
                public AppJson() : base(null) { }
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            }
        }

        namespace App.Data
        {
            partial class UserRepository
            {
                public partial Task<User?> GetUserAsync(int id, CancellationToken cancellationToken) => GetUserCoreAsync(id, cancellationToken);

                public partial ValueTask<int> CountOrdersAsync(User user, DateOnly day, CancellationToken cancellationToken) => CountOrdersCoreAsync(user, day, cancellationToken);

                public partial string GetDisplayName(long id) => GetDisplayNameCore(id);
            }

            static partial class Catalog
            {
                partial class ProductRepository
                {
                    public partial Task<Product?> GetProductAsync(string sku) => LoadProductAsync(sku);
                }
            }

            partial record PriceService
            {
                public partial decimal GetPrice(string sku, Currency currency) => GetPriceCore(sku, currency);
            }
        }
        """;

    // Every write pattern next to the reads it keeps fresh: write-through (a parameter, a result), write-behind with a
    // queued argument, key and tag invalidation, a batch sharing the single read's entries; one context lists every
    // JSON type. Keys match by shape under the same prefix, and every tag attached is invalidated somewhere.
    private const string WriteRepository = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App.Accounts;

        public sealed record Account(int Id, string Owner, decimal Balance);

        public sealed record AuditEntry(string Who, DateTimeOffset At);

        [CacheDefaults(KeyPrefix = "bank", Ttl = 600, Jitter = 30)]
        public sealed partial class AccountRepository(ICacheStore cache)
        {
            [Cached(Key = "account:<id>", Tags = ["account:<id>", "accounts"])]
            public partial Task<Account?> GetAccountAsync(int id, CancellationToken cancellationToken = default);

            [CachedBatch(Key = "account:<id>", Tags = ["account:<id>", "accounts"])]
            public partial Task<IReadOnlyDictionary<int, Account>> GetAccountsAsync(IEnumerable<int> ids, CancellationToken cancellationToken = default);

            [WriteThrough(Key = "account:<account.Id>", Tags = ["account:<account.Id>", "accounts"])]
            public partial Task SaveAccountAsync(Account account, CancellationToken cancellationToken = default);

            [WriteThrough(Key = "account:<id>", Tags = ["account:<id>", "accounts"])]
            public partial ValueTask<Account> RenameAccountAsync(int id, string owner);

            [WriteBehind(Key = "account:<account.Id>", Value = nameof(account), Tags = ["account:<account.Id>"])]
            public partial Task SaveAccountLaterAsync(Account account, AuditEntry audit, CancellationToken cancellationToken = default);

            [Invalidates(Key = "account:<id>")]
            [InvalidatesTag("account:<id>")]
            [InvalidatesTag("accounts")]
            public partial Task CloseAccountAsync(int id, CancellationToken cancellationToken = default);

            private Task<Account?> GetAccountCoreAsync(int id, CancellationToken cancellationToken) => Task.FromResult<Account?>(null);

            private Task<IReadOnlyDictionary<int, Account>> GetAccountsCoreAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
                => Task.FromResult<IReadOnlyDictionary<int, Account>>(new Dictionary<int, Account>());

            private Task SaveAccountCoreAsync(Account account, CancellationToken cancellationToken) => Task.CompletedTask;

            private ValueTask<Account> RenameAccountCoreAsync(int id, string owner) => new(new Account(id, owner, 0m));

            private Task SaveAccountLaterCoreAsync(Account account, AuditEntry audit, CancellationToken cancellationToken) => Task.CompletedTask;

            private Task CloseAccountCoreAsync(int id, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    private const string WriteModel = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        namespace App.Accounts
        {
            [JsonSerializable(typeof(Account))]
            [JsonSerializable(typeof(AuditEntry))]
            internal partial class AccountJson : JsonSerializerContext
            {
            }

            // What the System.Text.Json generator would add.
            partial class AccountJson
            {
                public AccountJson() : base(null) { }
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            }
        }
        """;

    // What the caching generator would add; it does not run in these tests.
    private const string WriteGenerated = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        namespace App.Accounts
        {
            partial class AccountRepository
            {
                public partial Task<Account?> GetAccountAsync(int id, CancellationToken cancellationToken) => GetAccountCoreAsync(id, cancellationToken);

                public partial Task<IReadOnlyDictionary<int, Account>> GetAccountsAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
                    => GetAccountsCoreAsync(new List<int>(ids), cancellationToken);

                public partial Task SaveAccountAsync(Account account, CancellationToken cancellationToken) => SaveAccountCoreAsync(account, cancellationToken);

                public partial ValueTask<Account> RenameAccountAsync(int id, string owner) => RenameAccountCoreAsync(id, owner);

                public partial Task SaveAccountLaterAsync(Account account, AuditEntry audit, CancellationToken cancellationToken)
                    => SaveAccountLaterCoreAsync(account, audit, cancellationToken);

                public partial Task CloseAccountAsync(int id, CancellationToken cancellationToken) => CloseAccountCoreAsync(id, cancellationToken);
            }
        }
        """;

    [Fact]
    public Task EveryWritePattern_IsQuiet() => Verifier.AnalyzerAsync(new[] { WriteRepository, WriteModel, WriteGenerated });

    [Fact]
    public Task EveryWritePattern_BesideTheReadRepository_IsQuiet() => Verifier.AnalyzerAsync(new[] { Repository, Model, Generated, WriteRepository, WriteModel, WriteGenerated });

    [Fact]
    public Task WriteBehindArgumentDroppedFromTheContext_ReportsCache017() => Verifier.AnalyzerAsync(new[]
    {
        WriteRepository.Replace("SaveAccountLaterAsync(Account account, AuditEntry audit,", "SaveAccountLaterAsync(Account account, {|CACHE017:AuditEntry audit|},"),
        WriteModel.Replace("[JsonSerializable(typeof(AuditEntry))]", ""),
        WriteGenerated,
    });

    [Fact]
    public Task EverySupportedShape_IsQuiet() => Verifier.AnalyzerAsync(new[] { Repository, Model, Generated });

    [Fact]
    public Task AnErrorIsReportedEvenWhenTheImplementationPartExists() => Verifier.AnalyzerAsync(new[]
    {
        Repository.Replace("[Cached(Ttl = 120, Jitter = 0)]", "[Cached(Ttl = 120, Jitter = {|CACHE010:120|})]"),
        Model,
        Generated,
    });

    [Fact]
    public async Task AWarningIsReportedWhenTheImplementationPartIsGeneratedCode()
    {
        // The generator writes the other part of a method with only a warning, in a generated file, marked
        // [GeneratedCode]. Partial methods share attributes, so the compiler sees the user's part as generated code
        // too: the analyzer must still look at it.
        var test = new Verifier.AnalyzerTest();
        test.TestState.Sources.Add(Repository.Replace("[Cached(Ttl = 120, Jitter = 0)]", "[Cached(Key = {|CACHE026:\"name:{id}\"|}, Ttl = 120, Jitter = 0)]"));
        test.TestState.Sources.Add(Model);
        var generated = Generated.Replace(
            "public partial string GetDisplayName(",
            "[global::System.CodeDom.Compiler.GeneratedCode(\"Caching.Generators\", \"0.1.0.0\")]\n        public partial string GetDisplayName(");
        test.TestState.Sources.Add(("UserRepository.GetDisplayName.g.cs", "// <auto-generated/>\n#nullable enable\n" + generated));
        await test.RunAsync();
    }
}
