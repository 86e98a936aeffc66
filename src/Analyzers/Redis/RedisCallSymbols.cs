using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// The StackExchange.Redis types the script, slot and SCAN rules (REDIS009, REDIS010, REDIS011, REDIS018) look at,
/// resolved once per compilation by metadata name; null when StackExchange.Redis is not referenced.
/// </summary>
internal sealed class RedisCallSymbols
{
    private RedisCallSymbols(INamedTypeSymbol database, INamedTypeSymbol databaseAsync, INamedTypeSymbol server, INamedTypeSymbol luaScript)
    {
        Database = database;
        DatabaseAsync = databaseAsync;
        Server = server;
        LuaScript = luaScript;
    }

    public INamedTypeSymbol Database { get; }

    public INamedTypeSymbol DatabaseAsync { get; }

    public INamedTypeSymbol Server { get; }

    public INamedTypeSymbol LuaScript { get; }

    public static RedisCallSymbols? Resolve(Compilation compilation)
    {
        var database = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabase");
        var databaseAsync = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabaseAsync");
        var server = compilation.GetTypeByMetadataName("StackExchange.Redis.IServer");
        var luaScript = compilation.GetTypeByMetadataName("StackExchange.Redis.LuaScript");
        return database is null || databaseAsync is null || server is null || luaScript is null
            ? null
            : new RedisCallSymbols(database, databaseAsync, server, luaScript);
    }

    /// <summary>True when <paramref name="method"/> is declared by IDatabase or IDatabaseAsync.</summary>
    public bool IsDatabaseMethod(IMethodSymbol method)
        => Is(method.ContainingType, Database) || Is(method.ContainingType, DatabaseAsync);

    /// <summary>True when <paramref name="method"/> is declared by IServer.</summary>
    public bool IsServerMethod(IMethodSymbol method) => Is(method.ContainingType, Server);

    /// <summary>
    /// The script text argument of <c>ScriptEvaluate[ReadOnly][Async](string script, ...)</c>,
    /// <c>IServer.ScriptLoad[Async](string script)</c> or <c>LuaScript.Prepare(string script)</c>; null for any other call.
    /// </summary>
    public IArgumentOperation? ScriptArgument(IInvocationOperation invocation, out ScriptCallKind kind)
    {
        var method = invocation.TargetMethod;
        kind = ScriptCallKind.None;
        switch (method.Name)
        {
            case "ScriptEvaluate":
            case "ScriptEvaluateAsync":
            case "ScriptEvaluateReadOnly":
            case "ScriptEvaluateReadOnlyAsync":
                if (IsDatabaseMethod(method))
                {
                    kind = ScriptCallKind.Evaluate;
                }

                break;
            case "ScriptLoad":
            case "ScriptLoadAsync":
                if (IsServerMethod(method))
                {
                    kind = ScriptCallKind.Load;
                }

                break;
            case "Prepare":
                if (method.IsStatic && Is(method.ContainingType, LuaScript))
                {
                    kind = ScriptCallKind.Prepare;
                }

                break;
        }

        if (kind == ScriptCallKind.None)
        {
            return null;
        }

        var script = Argument(invocation, "script");
        if (script?.Parameter?.Type.SpecialType != SpecialType.System_String)
        {
            kind = ScriptCallKind.None;
            return null;
        }

        return script;
    }

    /// <summary>The argument for the parameter named <paramref name="name"/>, or null.</summary>
    public static IArgumentOperation? Argument(IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument;
            }
        }

        return null;
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol expected)
        => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);
}

/// <summary>Which call carries a Lua script.</summary>
internal enum ScriptCallKind
{
    /// <summary>Not a script call.</summary>
    None,

    /// <summary><c>IDatabase.ScriptEvaluate[ReadOnly][Async](string script, RedisKey[] keys, ...)</c>.</summary>
    Evaluate,

    /// <summary><c>IServer.ScriptLoad[Async](string script)</c>: no keys at this call.</summary>
    Load,

    /// <summary><c>LuaScript.Prepare(string script)</c>: keys come from <c>@name</c> members at evaluation.</summary>
    Prepare,
}
