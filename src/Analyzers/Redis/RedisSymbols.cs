using Microsoft.CodeAnalysis;

namespace Caching.Analyzers.Redis;

/// <summary>
/// The StackExchange.Redis types the write, batch and command rules (REDIS003, REDIS013, REDIS016, REDIS020) need,
/// resolved once per compilation; null when StackExchange.Redis is not referenced.
/// </summary>
internal sealed class RedisSymbols
{
    private RedisSymbols(INamedTypeSymbol database, INamedTypeSymbol databaseAsync, INamedTypeSymbol server, INamedTypeSymbol? subscriber, INamedTypeSymbol commandFlags, INamedTypeSymbol? expiration)
    {
        Database = database;
        DatabaseAsync = databaseAsync;
        Server = server;
        Subscriber = subscriber;
        CommandFlags = commandFlags;
        Expiration = expiration;
    }

    public INamedTypeSymbol Database { get; }

    public INamedTypeSymbol DatabaseAsync { get; }

    public INamedTypeSymbol Server { get; }

    public INamedTypeSymbol? Subscriber { get; }

    public INamedTypeSymbol CommandFlags { get; }

    /// <summary><c>StackExchange.Redis.Expiration</c>, absent before 2.13.</summary>
    public INamedTypeSymbol? Expiration { get; }

    public static RedisSymbols? Resolve(Compilation compilation)
    {
        var database = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabase");
        var databaseAsync = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabaseAsync");
        var server = compilation.GetTypeByMetadataName("StackExchange.Redis.IServer");
        var flags = compilation.GetTypeByMetadataName("StackExchange.Redis.CommandFlags");
        return database is null || databaseAsync is null || server is null || flags is null
            ? null
            : new RedisSymbols(
                database,
                databaseAsync,
                server,
                compilation.GetTypeByMetadataName("StackExchange.Redis.ISubscriber"),
                flags,
                compilation.GetTypeByMetadataName("StackExchange.Redis.Expiration"));
    }

    /// <summary>True when <paramref name="method"/> is declared by IDatabase or IDatabaseAsync (so also called on an ITransaction or IBatch).</summary>
    public bool IsDatabaseMethod(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(type, Database) || SymbolEqualityComparer.Default.Equals(type, DatabaseAsync);
    }
}
