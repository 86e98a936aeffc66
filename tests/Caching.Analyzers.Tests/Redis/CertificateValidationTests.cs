using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS015: a CertificateValidation handler that accepts every certificate.</summary>
public sealed class CertificateValidationTests
{
    private const string Code = """
        using System;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;
        using StackExchange.Redis;

        namespace App;

        public static class Redis
        {
            private const string Thumbprint = "0123456789ABCDEF";

            public static ConfigurationOptions Options(string fromSettings)
            {
                var options = ConfigurationOptions.Parse(fromSettings);
                BODY
                return options;
            }

            private static bool AcceptAll(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

            private static bool AcceptAllInABlock(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
            {
                return (true);
            }

            private static bool Pinned(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
                => errors == SslPolicyErrors.None || certificate?.GetCertHashString() == Thumbprint;
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task LambdaReturningTrue_ReportsRedis015AtTheHandler() => Verifier.AnalyzerAsync(
        With("options.CertificateValidation += (sender, certificate, chain, errors) => true;"),
        Verifier.Diagnostic("REDIS015").WithSpan(15, 42, 15, 86));

    [Theory]
    [InlineData("options.CertificateValidation += {|REDIS015:(_, _, _, _) => { return true; }|};")]
    [InlineData("options.CertificateValidation += {|REDIS015:delegate { return true; }|};")]
    [InlineData("options.CertificateValidation += {|REDIS015:AcceptAll|};")]
    [InlineData("options.CertificateValidation += {|REDIS015:AcceptAllInABlock|};")]
    [InlineData("options.CertificateValidation += {|REDIS015:new RemoteCertificateValidationCallback((s, c, ch, e) => true)|};")]
    [InlineData("options.CertificateValidation += {|REDIS015:static (s, c, ch, e) => (true)|};")]
    [InlineData("bool Local(object s, X509Certificate? c, X509Chain? ch, SslPolicyErrors e) => true; options.CertificateValidation += {|REDIS015:Local|};")]
    [InlineData("var copy = ConfigurationOptions.Parse(fromSettings); copy.CertificateValidation += {|REDIS015:(s, c, ch, e) => true|}; options = copy;")]
    public Task HandlerAcceptingEverything_ReportsRedis015(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("options.CertificateValidation += (s, c, ch, errors) => errors == SslPolicyErrors.None;")]
    [InlineData("options.CertificateValidation += Pinned;")]
    [InlineData("options.CertificateValidation += (s, certificate, ch, errors) => { if (certificate is null) { return false; } return true; };")]
    [InlineData("options.CertificateValidation += (s, c, ch, e) => false;")]
    [InlineData("options.CertificateValidation -= AcceptAll;")]
    [InlineData("options.TrustIssuer(\"ca.crt\");")]
    [InlineData("RemoteCertificateValidationCallback callback = (s, c, ch, e) => true; GC.KeepAlive(callback);")]
    [InlineData("var holder = new Holder(); holder.Validate += (s, c, ch, e) => true;")]
    public Task HandlerThatChecksOrIsNotRedis_IsQuiet(string body) => Verifier.AnalyzerAsync(
        With(body) + """

            public sealed class Holder
            {
                public event RemoteCertificateValidationCallback? Validate;

                public bool Run() => Validate?.Invoke(this, null, null, SslPolicyErrors.None) ?? false;
            }
            """);

    [Fact]
    public Task TestProject_StillReportsRedis015() => Verifier.AnalyzerWithOptionsAsync(
        With("options.CertificateValidation += {|REDIS015:(s, c, ch, e) => true|};"),
        [],
        ["IsTestProject=true"]);
}
