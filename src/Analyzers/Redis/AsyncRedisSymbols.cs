using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>Where an operation runs, as far as <c>await</c> is concerned.</summary>
internal enum AwaitContext
{
    /// <summary>The nearest enclosing method, lambda or local function is not async.</summary>
    NotAsync,

    /// <summary>Inside an async function, at a place where <c>await</c> is allowed.</summary>
    CanAwait,

    /// <summary>Inside an async function, but where <c>await</c> is not allowed (a lock body, a catch filter, a query clause).</summary>
    CannotAwait,
}

/// <summary>
/// The symbols the async-related REDIS rules (REDIS007, REDIS012, REDIS017) need, resolved once per compilation,
/// and the facts they share with their code fixes: which synchronous StackExchange.Redis method has an async twin,
/// and whether an operation sits in an async function.
/// </summary>
internal sealed class AsyncRedisSymbols
{
    private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> _twins = new(SymbolEqualityComparer.Default);

    private AsyncRedisSymbols(INamedTypeSymbol task, INamedTypeSymbol taskOfT, INamedTypeSymbol database, INamedTypeSymbol databaseAsync, INamedTypeSymbol redisKey, INamedTypeSymbol? subscriber, INamedTypeSymbol? channelMessageQueue)
    {
        Task = task;
        TaskOfT = taskOfT;
        Database = database;
        DatabaseAsync = databaseAsync;
        RedisKey = redisKey;
        Subscriber = subscriber;
        ChannelMessageQueue = channelMessageQueue;
    }

    public INamedTypeSymbol Task { get; }

    public INamedTypeSymbol TaskOfT { get; }

    public INamedTypeSymbol Database { get; }

    public INamedTypeSymbol DatabaseAsync { get; }

    public INamedTypeSymbol RedisKey { get; }

    public INamedTypeSymbol? Subscriber { get; }

    public INamedTypeSymbol? ChannelMessageQueue { get; }

    /// <summary>The symbols, or null when the compilation does not reference StackExchange.Redis.</summary>
    public static AsyncRedisSymbols? Resolve(Compilation compilation)
    {
        var task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        var taskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        var database = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabase");
        var databaseAsync = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabaseAsync");
        var redisKey = compilation.GetTypeByMetadataName("StackExchange.Redis.RedisKey");
        return task is null || taskOfT is null || database is null || databaseAsync is null || redisKey is null
            ? null
            : new AsyncRedisSymbols(
                task,
                taskOfT,
                database,
                databaseAsync,
                redisKey,
                compilation.GetTypeByMetadataName("StackExchange.Redis.ISubscriber"),
                compilation.GetTypeByMetadataName("StackExchange.Redis.ChannelMessageQueue"));
    }

    /// <summary>True for a type declared in the <c>StackExchange.Redis</c> namespace itself.</summary>
    public static bool IsRedisType(ITypeSymbol? type)
        => type?.ContainingNamespace is { Name: "Redis", ContainingNamespace: { Name: "StackExchange", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// For a synchronous StackExchange.Redis method, its <c>…Async</c> twin on the same type or one of its interfaces
    /// or base types: same static-ness, the same parameters (types and names, no ref kinds), returning
    /// <c>Task&lt;T&gt;</c> of the synchronous method's return type, or <c>Task</c> for a void method. Such a method
    /// sends a command and waits for the reply, and <c>await x.NameAsync(same arguments)</c> has the same type and
    /// meaning. Null for everything else (GetDatabase, Wait, methods whose twin returns IAsyncEnumerable...).
    /// </summary>
    public IMethodSymbol? AsyncTwin(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary
            || method.IsGenericMethod
            || method.Name.EndsWith("Async", StringComparison.Ordinal)
            || !IsRedisType(method.ContainingType))
        {
            return null;
        }

        return _twins.GetOrAdd(method.OriginalDefinition, FindTwin);
    }

    /// <summary>True for <c>System.Threading.Tasks.Task</c> and <c>Task&lt;T&gt;</c>.</summary>
    public bool IsTask(ITypeSymbol? type)
        => type is INamedTypeSymbol named
           && (SymbolEqualityComparer.Default.Equals(named, Task) || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, TaskOfT));

    /// <summary>
    /// Whether <paramref name="operation"/> runs in an async function: walks up to the nearest lambda or local
    /// function, else uses <paramref name="containingSymbol"/> (the member whose body holds the operation).
    /// </summary>
    public static AwaitContext ContextOf(IOperation operation, ISymbol? containingSymbol)
    {
        var canAwait = true;
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return Classify(lambda.Symbol.IsAsync, canAwait);
                case ILocalFunctionOperation local:
                    return Classify(local.Symbol.IsAsync, canAwait);
                case ILockOperation @lock when @lock.Body == child:
                    canAwait = false;
                    break;
                case ICatchClauseOperation catchClause when catchClause.Filter == child:
                    canAwait = false;
                    break;
                case ITranslatedQueryOperation:
                    canAwait = false;
                    break;
            }
        }

        return Classify(containingSymbol is IMethodSymbol { IsAsync: true }, canAwait);
    }

    private static AwaitContext Classify(bool isAsync, bool canAwait)
        => !isAsync ? AwaitContext.NotAsync : canAwait ? AwaitContext.CanAwait : AwaitContext.CannotAwait;

    private IMethodSymbol? FindTwin(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                return null;
            }
        }

        var type = method.ContainingType;
        var twin = FindTwinIn(type, method);
        if (twin is not null)
        {
            return twin;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if ((twin = FindTwinIn(@interface, method)) is not null)
            {
                return twin;
            }
        }

        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if ((twin = FindTwinIn(baseType, method)) is not null)
            {
                return twin;
            }
        }

        return null;
    }

    private IMethodSymbol? FindTwinIn(INamedTypeSymbol type, IMethodSymbol method)
    {
        foreach (var member in type.GetMembers(method.Name + "Async"))
        {
            if (member is IMethodSymbol candidate
                && candidate.IsStatic == method.IsStatic
                && !candidate.IsGenericMethod
                && candidate.Parameters.Length == method.Parameters.Length
                && SameParameters(candidate, method)
                && ReturnsTaskOf(candidate, method))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool SameParameters(IMethodSymbol candidate, IMethodSymbol method)
    {
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var a = candidate.Parameters[i];
            var b = method.Parameters[i];
            if (a.RefKind != RefKind.None
                || a.Name != b.Name
                || a.IsParams != b.IsParams
                || !SymbolEqualityComparer.Default.Equals(a.Type, b.Type))
            {
                return false;
            }
        }

        return true;
    }

    private bool ReturnsTaskOf(IMethodSymbol candidate, IMethodSymbol method)
    {
        if (method.ReturnsVoid)
        {
            return SymbolEqualityComparer.Default.Equals(candidate.ReturnType, Task);
        }

        return candidate.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } returned
               && SymbolEqualityComparer.Default.Equals(returned.OriginalDefinition, TaskOfT)
               && SymbolEqualityComparer.Default.Equals(returned.TypeArguments[0], method.ReturnType);
    }
}
