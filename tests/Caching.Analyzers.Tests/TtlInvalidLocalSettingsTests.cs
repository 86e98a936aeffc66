using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>
/// CACHE010 for the L1, fail-safe, timeout and refresh-ahead settings of [Cached] (over the type's [CacheDefaults]):
/// reported on the named argument at fault, or on the attribute when the fault is only in the type's defaults.
/// </summary>
public sealed class TtlInvalidLocalSettingsTests
{
    private const string Repository = """
        using System;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        DEFAULTS
        public partial class UserRepository(ICacheStore cache)
        {
            [ATTRIBUTE]
            public partial Task<string?> NAME(int id);

            private Task<string?> GetNameCoreAsync(int id) => Task.FromResult<string?>(null);

            private static TimeSpan NameTtl(string? name) => TimeSpan.FromMinutes(1);
        }
        """;

    private const string Key = "Key = \"name:<id>\"";

    private static string Source(string attribute, string defaults = "")
        => Repository.Replace("ATTRIBUTE", attribute).Replace("DEFAULTS", defaults).Replace("NAME", "{|CS8795:GetNameAsync|}");

    // The diagnostic at the {|#0:...|} markup, with its message.
    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult At0(string message)
        => Verifier.Diagnostic("CACHE010").WithLocation(0).WithArguments("GetNameAsync", message);

    [Fact]
    public Task LocalTtlBelowMinusOne_ReportsAtLocalTtl() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, LocalTtl = {{|#0:-2|}})"),
        At0("LocalTtl is -2; it must be a number of seconds, or 0 for no L1 (-1 takes the type's)"));

    [Fact]
    public Task LocalTtlAboveTtl_ReportsAtLocalTtl() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, LocalTtl = {{|#0:900|}})"),
        At0("LocalTtl (900) must not exceed Ttl (600); L1 would serve values Redis has already expired"));

    [Fact]
    public Task LocalTtlAboveTheTypesTtl_ReportsAtLocalTtl() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, LocalTtl = {{|#0:900|}})", "[CacheDefaults(Ttl = 600)]"),
        At0("LocalTtl (900) must not exceed Ttl (600); L1 would serve values Redis has already expired"));

    [Fact]
    public Task TheTypesLocalTtlAboveTheMethodsTtl_ReportsAtTtl() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = {{|#0:60|}})", "[CacheDefaults(Ttl = 600, LocalTtl = 120)]"),
        At0("[CacheDefaults] LocalTtl (120) must not exceed Ttl (60); L1 would serve values Redis has already expired"));

    [Fact]
    public Task NegativeLocalTtlOnTheType_ReportsAtTheAttribute() => Verifier.AnalyzerAsync(
        Source($"{{|#0:Cached({Key})|}}", "[CacheDefaults(Ttl = 600, LocalTtl = -5)]"),
        At0("[CacheDefaults] LocalTtl is -5; it must be a number of seconds, or 0 for no L1"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public Task LocalCapacityBelowThree_ReportsAtLocalCapacity(int capacity) => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, LocalTtl = 30, LocalCapacity = {{|#0:{capacity}|}})"),
        At0($"LocalCapacity is {capacity}; it must be at least 3, or 0 for the default"));

    [Fact]
    public Task NegativeLocalCapacity_ReportsAtLocalCapacity() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, LocalTtl = 30, LocalCapacity = {{|#0:-1|}})"),
        At0("LocalCapacity is -1; it must be at least 3, or 0 for the default"));

    [Fact]
    public Task SoftTimeoutWithoutFailSafe_ReportsAtSoftTimeout() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, SoftTimeout = {{|#0:100|}})"),
        At0("SoftTimeout (100 ms) returns a stale value, which exists only with FailSafe; set FailSafe (seconds) or remove the timeout"));

    [Fact]
    public Task HardTimeoutWithoutFailSafe_ReportsAtHardTimeout() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, HardTimeout = {{|#0:2000|}})"),
        At0("HardTimeout (2000 ms) returns a stale value, which exists only with FailSafe; set FailSafe (seconds) or remove the timeout"));

    [Fact]
    public Task BothTimeoutsWithoutFailSafe_ReportsAtEach() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, SoftTimeout = {{|#0:100|}}, HardTimeout = {{|#1:2000|}})"),
        At0("SoftTimeout (100 ms) returns a stale value, which exists only with FailSafe; set FailSafe (seconds) or remove the timeout"),
        Verifier.Diagnostic("CACHE010").WithLocation(1).WithArguments("GetNameAsync",
            "HardTimeout (2000 ms) returns a stale value, which exists only with FailSafe; set FailSafe (seconds) or remove the timeout"));

    [Fact]
    public Task FailSafeTurnedOffUnderTheTypesTimeouts_ReportsAtFailSafe() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, FailSafe = {{|#0:0|}})", "[CacheDefaults(FailSafe = 300, SoftTimeout = 100, HardTimeout = 2000)]"),
        At0("FailSafe is 0, but [CacheDefaults] SoftTimeout (100 ms) and [CacheDefaults] HardTimeout (2000 ms) return a stale value, which exists only with FailSafe; set FailSafe (seconds), or set the timeouts to 0 on this method"));

    [Fact]
    public Task NegativeFailSafe_ReportsOnceAtFailSafe() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, FailSafe = {{|#0:-3|}}, SoftTimeout = 100)"),
        At0("FailSafe is -3; it must be a number of seconds, or 0 for none (-1 takes the type's)"));

    [Theory]
    [InlineData(2000, 2000)]
    [InlineData(3000, 2000)]
    public Task SoftTimeoutNotBelowHardTimeout_ReportsAtSoftTimeout(int soft, int hard) => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, FailSafe = 60, SoftTimeout = {{|#0:{soft}|}}, HardTimeout = {hard})"),
        At0($"SoftTimeout ({soft} ms) must be less than HardTimeout ({hard} ms); the hard timeout is the longest wait"));

    [Fact]
    public Task HardTimeoutBelowTheTypesSoftTimeout_ReportsAtHardTimeout() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, HardTimeout = {{|#0:50|}})", "[CacheDefaults(FailSafe = 300, SoftTimeout = 100)]"),
        At0("[CacheDefaults] SoftTimeout (100 ms) must be less than HardTimeout (50 ms); the hard timeout is the longest wait"));

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("1.5", "1.5")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("1", "1")]
    public Task RefreshAheadOutsideZeroToOne_ReportsAtRefreshAhead(string written, string shown) => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, RefreshAhead = {{|#0:{written}|}})"),
        At0($"RefreshAhead is {shown}; it must be 0 (off) or a fraction of the TTL above 0 and below 1, such as 0.8"));

    [Fact]
    public Task TheTypesRefreshAheadOutsideZeroToOne_ReportsAtTheAttribute() => Verifier.AnalyzerAsync(
        Source($"{{|#0:Cached({Key})|}}", "[CacheDefaults(Ttl = 600, RefreshAhead = 1.5)]"),
        At0("[CacheDefaults] RefreshAhead is 1.5; it must be 0 (off) or a fraction of the TTL above 0 and below 1, such as 0.8"));

    [Fact]
    public Task LocalTtlWithTtlFor_ReportsAtLocalTtl() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, TtlFor = nameof(NameTtl), LocalTtl = {{|#0:30|}})"),
        At0("LocalTtl (30) cannot be used with TtlFor; L1 would keep values for longer than TtlFor allows, or that it says not to cache: set LocalTtl = 0 or remove TtlFor"));

    [Fact]
    public Task TheTypesLocalTtlWithTtlFor_ReportsAtTtlFor() => Verifier.AnalyzerAsync(
        Source($"Cached({Key}, Ttl = 600, TtlFor = {{|#0:nameof(NameTtl)|}})", "[CacheDefaults(LocalTtl = 30)]"),
        At0("[CacheDefaults] LocalTtl (30) cannot be used with TtlFor; L1 would keep values for longer than TtlFor allows, or that it says not to cache: set LocalTtl = 0 or remove TtlFor"));

    [Theory]
    // Every setting, valid.
    [InlineData("Ttl = 600, Jitter = 60, LocalTtl = 30, LocalCapacity = 5000, FailSafe = 3600, SoftTimeout = 100, HardTimeout = 2000, RefreshAhead = 0.8", "")]
    // The edges: L1 as long as the TTL, the smallest capacity, a refresh just below 1, timeouts one apart.
    [InlineData("Ttl = 600, LocalTtl = 600, LocalCapacity = 3, FailSafe = 1, SoftTimeout = 1, HardTimeout = 2, RefreshAhead = 0.99", "")]
    // -1 (and 0 for the capacity) take the type's; 0 turns each off.
    [InlineData("Ttl = 600, LocalTtl = -1, LocalCapacity = 0, FailSafe = -1, SoftTimeout = -1, HardTimeout = -1, RefreshAhead = -1", "")]
    [InlineData("Ttl = 600, LocalTtl = 0, LocalCapacity = 0, FailSafe = 0, SoftTimeout = 0, HardTimeout = 0, RefreshAhead = 0", "")]
    [InlineData("Ttl = 600, HardTimeout = 2000, FailSafe = 60", "")]
    // The type's settings, valid, then a method that turns L1 off, or the fail-safe and its timeout.
    [InlineData("Ttl = 600, LocalTtl = 0", "[CacheDefaults(LocalTtl = 30, FailSafe = 300, SoftTimeout = 100)]")]
    [InlineData("Ttl = 600", "[CacheDefaults(LocalTtl = 30, FailSafe = 300, SoftTimeout = 100)]")]
    [InlineData("Ttl = 600, FailSafe = 0, SoftTimeout = 0", "[CacheDefaults(LocalTtl = 30, FailSafe = 300, SoftTimeout = 100)]")]
    [InlineData("Ttl = 600, SoftTimeout = 1000", "[CacheDefaults(FailSafe = 300, SoftTimeout = 100, HardTimeout = 2000)]")]
    [InlineData("", "[CacheDefaults(Ttl = 600, LocalTtl = 600, LocalCapacity = 100, FailSafe = 300, SoftTimeout = 100, HardTimeout = 2000, RefreshAhead = 0.5)]")]
    // The method's own settings over invalid ones of the type: the type's are not this method's.
    [InlineData("Ttl = 600, LocalTtl = 30, RefreshAhead = 0.8", "[CacheDefaults(LocalTtl = -5, RefreshAhead = 1.5)]")]
    // TtlFor with the type's L1 turned off on the method.
    [InlineData("Ttl = 600, TtlFor = nameof(NameTtl), LocalTtl = 0", "[CacheDefaults(LocalTtl = 30)]")]
    public Task ValidSettings_AreQuiet(string settings, string defaults) => Verifier.AnalyzerAsync(
        Repository.Replace("ATTRIBUTE", settings.Length == 0 ? $"Cached({Key})" : $"Cached({Key}, {settings})").Replace("DEFAULTS", defaults).Replace("NAME", "GetNameAsync") + """

            // Stand-in for the generator's output, which these tests do not run.
            partial class UserRepository
            {
                public partial Task<string?> GetNameAsync(int id) => GetNameCoreAsync(id);
            }
            """);
}
