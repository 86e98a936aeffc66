using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Keys;

/// <summary>CACHE031: holes whose values can run into each other.</summary>
public sealed class KeyHolesNotSeparatedTests
{
    [Theory]
    [InlineData("order<customerId><orderId>", "int customerId, int orderId", "<customerId><orderId>")]
    [InlineData("order:<name>-<orderId>", "string name, int orderId", "<name>-<orderId>")]
    [InlineData("order:<name>.<region>", "string name, string region", "<name>.<region>")]
    [InlineData("order:<day:yyyyMMdd><orderId>", "DateOnly day, int orderId", "<day><orderId>")]
    public Task AmbiguousHoles_ReportCache031AtTheKey(string key, string parameters, string where) => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"" + key + "\", Ttl = 600)]", parameters, parameters),
        Verifier.Diagnostic("CACHE031").WithSpan(13, 19, 13, 21 + key.Length).WithArguments(where));

    [Theory]
    [InlineData("order:<customerId>:<orderId>", "int customerId, int orderId")]
    [InlineData("order:<orderId>-<name>", "int orderId, string name")]
    [InlineData("order:<name>#<orderId>", "string name, int orderId")]
    [InlineData("order:<active><orderId>", "bool active, int orderId")]
    [InlineData("order:<id><orderId>", "Guid id, int orderId")]
    [InlineData("order:<customer.Id>/<orderId>", "Customer customer, int orderId")]
    public Task SeparatedHoles_AreQuiet(string key, string parameters) => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"" + key + "\", Ttl = 600)]", parameters, parameters) + "\npublic sealed record Customer(int Id);\n");
}
