using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Caching.TestSupport;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Caching.Resilience.Tests.Security;

/// <summary>
/// A private redis-server that applications reach only over TLS (a certificate from <see cref="TestCertificateAuthority"/>)
/// and only as an ACL user confined to one key prefix and the commands the runtime needs. The plain port that
/// <see cref="RedisServer"/> keeps on 127.0.0.1 is the test's own, for readiness and setup as the default user; the
/// application never uses it.
/// </summary>
internal sealed class SecuredRedis : IAsyncDisposable
{
    private const string AdminUser = "testadmin";

    private readonly TestCertificateAuthority _authority;
    private readonly RedisServer _server;
    private readonly ConnectionMultiplexer _admin;

    private SecuredRedis(TestCertificateAuthority authority, RedisServer server, ConnectionMultiplexer admin, int tlsPort)
    {
        _authority = authority;
        _server = server;
        _admin = admin;
        TlsPort = tlsPort;
    }

    public int TlsPort { get; }

    /// <summary>The test's own connection, as the default user on the plain setup port.</summary>
    public IDatabase Admin => _admin.GetDatabase();

    public static async Task<SecuredRedis> StartAsync()
    {
        var authority = TestCertificateAuthority.Create();
        try
        {
            var tlsPort = FreeLoopbackPort();
            var server = await RedisServer.StartAsync(
                "--tls-port", tlsPort.ToString(CultureInfo.InvariantCulture),
                "--tls-cert-file", authority.CertFile,
                "--tls-key-file", authority.KeyFile,
                "--tls-ca-cert-file", authority.CaFile,
                "--tls-auth-clients", "no");
            // The default user has no password and full rights: a connection whose AUTH fails stays logged in as it.
            // So the test's setup gets a user of its own, and the default user is switched off (as production should).
            var adminPassword = "admin-" + Guid.NewGuid().ToString("N");
            await using (var setup = await server.ConnectAsync())
            {
                await setup.GetDatabase().ExecuteAsync("ACL", "SETUSER", AdminUser, "on", ">" + adminPassword, "~*", "&*", "+@all");
                await setup.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "off", "resetpass", "nopass");
            }

            var adminOptions = server.CreateOptions();
            adminOptions.User = AdminUser;
            adminOptions.Password = adminPassword;
            var admin = await server.ConnectAsync(adminOptions);
            return new SecuredRedis(authority, server, admin, tlsPort);
        }
        catch
        {
            authority.Dispose();
            throw;
        }
    }

    /// <summary>Creates (or resets) the user <paramref name="user"/> with <paramref name="password"/> and exactly <paramref name="rules"/>.</summary>
    public async Task SetUserAsync(string user, string password, IEnumerable<string> rules)
    {
        var arguments = new List<object> { "SETUSER", user, "reset", "on", ">" + password };
        arguments.AddRange(rules);
        await Admin.ExecuteAsync("ACL", arguments.ToArray());
    }

    public Task ResetAclLogAsync() => Admin.ExecuteAsync("ACL", "LOG", "RESET");

    /// <summary>
    /// Every refusal the ACL logged since the last reset: "reason object (context) by user, N time(s)" (Redis merges
    /// repeats of one refusal into one entry with a count).
    /// </summary>
    public async Task<string[]> AclLogAsync()
    {
        var entries = (RedisResult[])(await Admin.ExecuteAsync("ACL", "LOG", "1000"))!;
        return entries.Select(entry =>
        {
            var fields = (RedisResult[])entry!;
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < fields.Length; i += 2)
            {
                map[(string)fields[i]!] = fields[i + 1].ToString();
            }

            return $"{map["reason"]} '{map["object"]}' ({map["context"]}) by {map["username"]}, {map["count"]} time(s)";
        }).ToArray();
    }

    /// <summary>
    /// The application's connection: TLS to <see cref="TlsPort"/>, the server's certificate checked against the
    /// test's CA, the ACL user, no abort when the first connect fails, short timeouts.
    /// </summary>
    /// <param name="trust">The CA the client trusts: the server's own unless a test says otherwise.</param>
    public ConfigurationOptions AppOptions(string user, string password, ILoggerFactory? loggerFactory = null, TestCertificateAuthority? trust = null)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { new IPEndPoint(IPAddress.Loopback, TlsPort) },
            Ssl = true,
            SslHost = "127.0.0.1",
            User = user,
            Password = password,
            AbortOnConnectFail = false,
            ConnectTimeout = 2000,
            SyncTimeout = 2000,
            AsyncTimeout = 2000,
            // StackExchange.Redis's own tie-breaker key and configuration channel live outside the application's
            // prefix; a single server needs neither (docs/operations.md, "The ACL our runtime needs").
            TieBreaker = "",
            ConfigurationChannel = "",
            // StackExchange.Redis asks CONFIG GET while connecting (and copes with a refusal); the user may not run
            // CONFIG, so the client is told not to send it.
            CommandMap = CommandMap.Create(new HashSet<string> { "CONFIG" }, available: false),
            LoggerFactory = loggerFactory,
        };
        options.CertificateValidation += (trust ?? _authority).Validate;
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _server.DisposeAsync();
        _authority.Dispose();
    }

    // A free 127.0.0.1 port now, for the TLS listener (the plain one is RedisServer's).
    private static int FreeLoopbackPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
