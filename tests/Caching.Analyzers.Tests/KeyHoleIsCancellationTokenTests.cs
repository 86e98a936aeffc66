using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE009: a key hole names a CancellationToken.</summary>
public sealed class KeyHoleIsCancellationTokenTests
{
    [Fact]
    public Task TokenInTheKey_ReportsCache009AtTheKey() => Verifier.AnalyzerAsync(
        new[]
        {
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>:<ct>", Ttl = 600)]
                public partial Task<User?> {|CS8795:GetUserAsync|}(int id, CancellationToken ct);

                private Task<User?> GetUserCoreAsync(int id, CancellationToken ct) => Task.FromResult<User?>(null);
            }
            """,
            Sources.Domain,
        },
        Verifier.Diagnostic("CACHE009").WithSpan(9, 19, 9, 35).WithArguments("ct"));

    [Fact]
    public Task TokenOutsideTheKey_IsQuiet() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            // The default key, GetUserAsync:<id>, leaves the token out.
            [Cached(Ttl = 600)]
            public partial Task<User?> GetUserAsync(int id, CancellationToken ct = default);

            // A parameter that is not a token may well be called 'ct'.
            [Cached(Key = "tax:<ct>", Ttl = 600)]
            public partial Task<int> GetTaxAsync(string ct, CancellationToken cancellationToken);

            private Task<User?> GetUserCoreAsync(int id, CancellationToken ct) => Task.FromResult<User?>(null);

            private Task<int> GetTaxCoreAsync(string ct, CancellationToken cancellationToken) => Task.FromResult(20);
        }

        // Stand-in for the generator's output, which these tests do not run.
        partial class UserRepository
        {
            public partial Task<User?> GetUserAsync(int id, CancellationToken ct) => GetUserCoreAsync(id, ct);

            public partial Task<int> GetTaxAsync(string ct, CancellationToken cancellationToken) => GetTaxCoreAsync(ct, cancellationToken);
        }
        """,
        Sources.Domain,
    });
}
