using System;
using System.Globalization;
using System.Linq;
using System.Net;
using StackExchange.Redis;

namespace Demo.Infrastructure;

/// <summary>
/// Reads where Redis is: a StackExchange.Redis configuration string (<c>127.0.0.1:6379,password=…</c>) or a
/// <c>redis://[user:password@]host[:port][/db]</c> URL (<c>rediss://</c> for TLS), the form REDIS_URL usually has.
/// </summary>
public static class RedisEndpoint
{
    public static ConfigurationOptions Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ConfigurationOptions options;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "redis" or "rediss")
        {
            options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
            options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
            if (uri.UserInfo.Length > 0)
            {
                var parts = uri.UserInfo.Split(':', 2);
                var (user, password) = parts.Length == 2 ? (parts[0], parts[1]) : ("", parts[0]);
                options.User = user.Length > 0 ? Uri.UnescapeDataString(user) : null;
                options.Password = Uri.UnescapeDataString(password);
            }

            if (int.TryParse(uri.AbsolutePath.Trim('/'), out var database))
            {
                options.DefaultDatabase = database;
            }
        }
        else
        {
            options = ConfigurationOptions.Parse(text);
        }

        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5_000;
        return options;
    }

    /// <summary>The endpoints, without credentials, for the screen.</summary>
    public static string Describe(ConfigurationOptions options)
        => string.Join(", ", options.EndPoints.Select(e => e switch
        {
            DnsEndPoint dns => dns.Host + ":" + dns.Port.ToString(CultureInfo.InvariantCulture),
            _ => e.ToString(),
        }));
}
