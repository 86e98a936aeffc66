using System;
using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// StackExchange.Redis misuse in user code: listing the keyspace (REDIS001), flushing a database or server (REDIS002),
/// a TTL set by KeyExpire right after StringSet (REDIS004), connecting with abortConnect left true (REDIS006) and
/// blocking on a Redis task (REDIS008, only when the referenced StackExchange.Redis lacks its own SER307). Quiet in a
/// compilation that does not reference StackExchange.Redis.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RedisUsageAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property of REDIS006 saying what the fix edits: <see cref="ConnectionStringKind"/> or <see cref="AbortOnConnectFailKind"/>.</summary>
    internal const string KindProperty = "Kind";

    /// <summary>REDIS006 on a constant connection string.</summary>
    internal const string ConnectionStringKind = "ConnectionString";

    /// <summary>REDIS006 on <c>AbortOnConnectFail = true</c>.</summary>
    internal const string AbortOnConnectFailKind = "AbortOnConnectFail";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.Redis;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (RedisTypes.Resolve(start.Compilation) is not { } types)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, types), OperationKind.SimpleAssignment);
            if (!HasBuiltInBlockingRule(types.Database.ContainingAssembly))
            {
                start.RegisterOperationAction(AnalyzeBlocking, OperationKind.Invocation, OperationKind.PropertyReference);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, RedisTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return;
        }

        if ((method.Name == "KeyExpire" || method.Name == "KeyExpireAsync") && FindNonAtomicSet(invocation, types) is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisNonAtomicTtl, invocation.Syntax.GetLocation(), method.Name, method.Name == "KeyExpire" ? "StringSet" : "StringSetAsync"));
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, types.Server))
        {
            switch (method.Name)
            {
                case "Keys":
                case "KeysAsync":
                    Report(context, Descriptors.RedisKeyspaceEnumeration, invocation.Syntax.GetLocation(), "IServer." + method.Name);
                    return;
                case "FlushDatabase":
                case "FlushDatabaseAsync":
                case "FlushAllDatabases":
                case "FlushAllDatabasesAsync":
                    Report(context, Descriptors.RedisFlush, invocation.Syntax.GetLocation(), "IServer." + method.Name);
                    return;
            }
        }

        if ((method.Name == "Execute" || method.Name == "ExecuteAsync")
            && (SymbolEqualityComparer.Default.Equals(type, types.Server)
                || SymbolEqualityComparer.Default.Equals(type, types.Database)
                || SymbolEqualityComparer.Default.Equals(type, types.DatabaseAsync)))
        {
            if (StringArgument(invocation, 0) is not { } command || command.Value.ConstantValue is not { HasValue: true, Value: string name })
            {
                return;
            }

            var text = method.Name + "(\"" + name + "\")";
            if (string.Equals(name, "KEYS", StringComparison.OrdinalIgnoreCase))
            {
                Report(context, Descriptors.RedisKeyspaceEnumeration, command.Value.Syntax.GetLocation(), text);
            }
            else if (string.Equals(name, "FLUSHDB", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "FLUSHALL", StringComparison.OrdinalIgnoreCase))
            {
                Report(context, Descriptors.RedisFlush, command.Value.Syntax.GetLocation(), text);
            }

            return;
        }

        var connects = SymbolEqualityComparer.Default.Equals(type, types.Multiplexer) && (method.Name == "Connect" || method.Name == "ConnectAsync");
        var parses = SymbolEqualityComparer.Default.Equals(type, types.Options) && method.Name == "Parse";
        if ((connects || parses)
            && method.IsStatic
            && StringArgument(invocation, 0) is { } configuration
            && configuration.Value.ConstantValue is { HasValue: true, Value: string connectionString }
            && !AbortConnectIsFalse(connectionString))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RedisAbortConnect,
                configuration.Value.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, ConnectionStringKind),
                // Not the string itself: it may hold a password, and build logs keep diagnostics.
                "This connection string"));
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, RedisTypes types)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "AbortOnConnectFail" } property }
            && SymbolEqualityComparer.Default.Equals(property.ContainingType?.OriginalDefinition, types.Options)
            && assignment.Value.ConstantValue is { HasValue: true, Value: true })
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RedisAbortConnect,
                assignment.Value.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, AbortOnConnectFailKind),
                "'AbortOnConnectFail = true'"));
        }
    }

    /// <summary>True when some <c>abortConnect=false</c> option is in the string: key case-insensitive, whitespace ignored.</summary>
    internal static bool AbortConnectIsFalse(string connectionString)
    {
        var result = false;
        foreach (var option in connectionString.Split(','))
        {
            var equals = option.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            var key = option.Substring(0, equals).Trim();
            if (string.Equals(key, "abortConnect", StringComparison.OrdinalIgnoreCase))
            {
                // The last occurrence wins, as when StackExchange.Redis parses the string.
                result = string.Equals(option.Substring(equals + 1).Trim(), "false", StringComparison.OrdinalIgnoreCase);
            }
        }

        return result;
    }

    /// <summary>
    /// REDIS004: for a <c>KeyExpire[Async](key, ttl)</c> statement, the <c>StringSet[Async](key, value)</c> invocation of
    /// the statement just before it in the same block, on the same database expression and the same key expression,
    /// with no expiry or other option, both sync or both awaited; null when any of that is not certain.
    /// </summary>
    internal static InvocationExpressionSyntax? FindNonAtomicSet(IInvocationOperation expire, RedisTypes types)
    {
        var async = expire.TargetMethod.Name == "KeyExpireAsync";
        if (expire.SemanticModel is not { } model
            || !IsDatabaseCall(expire, types, async)
            || OnlyArguments(expire, "key", "expiry") is not { } expireArguments
            || expireArguments[1].Parameter!.Type is not INamedTypeSymbol expiryType
            || !IsTimeSpan(expiryType)
            || expire.Syntax is not InvocationExpressionSyntax expireSyntax
            || StatementOf(expireSyntax, async) is not { Parent: BlockSyntax block } expireStatement)
        {
            return null;
        }

        var index = block.Statements.IndexOf(expireStatement);
        if (index < 1
            || block.Statements[index - 1] is not ExpressionStatementSyntax setStatement
            || CallOf(setStatement, async) is not { } setSyntax
            || model.GetOperation(setSyntax) is not IInvocationOperation set
            || set.TargetMethod.Name != (async ? "StringSetAsync" : "StringSet")
            || !IsDatabaseCall(set, types, async)
            || OnlyArguments(set, "key", "value") is not { } setArguments
            || set.Instance is null
            || expire.Instance is null
            || !SyntaxFactory.AreEquivalent(set.Instance.Syntax, expire.Instance.Syntax)
            || !SameKey(setArguments[0].Value.Syntax, expireArguments[0].Value.Syntax))
        {
            return null;
        }

        return setSyntax;
    }

    /// <summary>The invocation of <c>[await] call[.ConfigureAwait(..)];</c>, or null.</summary>
    internal static InvocationExpressionSyntax? CallOf(ExpressionStatementSyntax statement, bool awaited)
    {
        var expression = statement.Expression;
        if (awaited)
        {
            if (expression is not AwaitExpressionSyntax await)
            {
                return null;
            }

            expression = await.Expression;
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: InvocationExpressionSyntax inner } })
            {
                expression = inner;
            }
        }

        return expression as InvocationExpressionSyntax;
    }

    internal static ExpressionStatementSyntax? StatementOf(InvocationExpressionSyntax invocation, bool awaited)
    {
        SyntaxNode? node = invocation.Parent;
        if (awaited)
        {
            if (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access && access.Parent is InvocationExpressionSyntax configured)
            {
                node = configured.Parent;
            }

            if (node is not AwaitExpressionSyntax)
            {
                return null;
            }

            node = node.Parent;
        }

        return node is ExpressionStatementSyntax statement && CallOf(statement, awaited) == invocation ? statement : null;
    }

    private static bool IsDatabaseCall(IInvocationOperation invocation, RedisTypes types, bool async)
    {
        var declaring = invocation.TargetMethod.ContainingType?.OriginalDefinition;
        var receiver = invocation.Instance?.Type?.OriginalDefinition;

        // Inside a transaction or a batch (ITransaction, IBatch) the pair is not this rule's: SER303 covers transactions.
        return SymbolEqualityComparer.Default.Equals(declaring, async ? types.DatabaseAsync : types.Database)
            && (SymbolEqualityComparer.Default.Equals(receiver, types.Database) || SymbolEqualityComparer.Default.Equals(receiver, types.DatabaseAsync));
    }

    /// <summary>The arguments for the two named parameters, when every other argument is left to its default.</summary>
    private static IArgumentOperation[]? OnlyArguments(IInvocationOperation invocation, string first, string second)
    {
        var found = new IArgumentOperation[2];
        foreach (var argument in invocation.Arguments)
        {
            var name = argument.Parameter?.Name;
            if (name == first && argument.ArgumentKind == ArgumentKind.Explicit)
            {
                found[0] = argument;
            }
            else if (name == second && argument.ArgumentKind == ArgumentKind.Explicit)
            {
                found[1] = argument;
            }
            else if (argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return null;
            }
        }

        return found[0] is null || found[1] is null || found[0].Parameter!.Type.Name != "RedisKey" ? null : found;
    }

    private static bool IsTimeSpan(INamedTypeSymbol type)
    {
        var inner = type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? type.TypeArguments[0] : type;
        return inner.Name == "TimeSpan" && inner.ContainingNamespace?.ToDisplayString() == "System";
    }

    /// <summary>Equivalent key expressions that call nothing (a call could return another key each time).</summary>
    private static bool SameKey(SyntaxNode first, SyntaxNode second)
    {
        if (!SyntaxFactory.AreEquivalent(first, second))
        {
            return false;
        }

        foreach (var node in first.DescendantNodesAndSelf())
        {
            if (node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax
                or PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }
                or AwaitExpressionSyntax)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>REDIS008: <c>.Result</c>, <c>.Wait()</c> or <c>.GetAwaiter().GetResult()</c> on a task a StackExchange.Redis method returned.</summary>
    private static void AnalyzeBlocking(OperationAnalysisContext context)
    {
        IOperation? task;
        string how;
        switch (context.Operation)
        {
            case IPropertyReferenceOperation { Property.Name: "Result" } result when IsTask(result.Property.ContainingType):
                task = result.Instance;
                how = ".Result";
                break;
            case IInvocationOperation { TargetMethod.Name: "Wait" } wait when IsTask(wait.TargetMethod.ContainingType):
                task = wait.Instance;
                how = ".Wait()";
                break;
            case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter }
                when IsTask(awaiter.TargetMethod.ContainingType):
                task = awaiter.Instance;
                how = ".GetAwaiter().GetResult()";
                break;
            default:
                return;
        }

        if (task is IInvocationOperation { TargetMethod: var method }
            && method.ContainingType?.ContainingNamespace?.ToDisplayString() == "StackExchange.Redis")
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisBlocking, context.Operation.Syntax.GetLocation(), how, method.Name));
        }
    }

    private static bool IsTask(INamedTypeSymbol? type)
        => type is { Name: "Task", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Threading.Tasks";

    /// <summary>
    /// True when the referenced StackExchange.Redis ships SER307 (blocking on a Redis task), which it does from 3.1.31:
    /// read from its informational version, as its assembly version is 2.0 or 3.0 for a whole major version.
    /// </summary>
    private static bool HasBuiltInBlockingRule(IAssemblySymbol assembly)
    {
        string? informational = null;
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "AssemblyInformationalVersionAttribute"
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string value)
            {
                informational = value;
            }
        }

        return HasBuiltInBlockingRule(informational, assembly.Identity.Version);
    }

    /// <summary>See <see cref="HasBuiltInBlockingRule(IAssemblySymbol)"/>; when the version cannot be read, any 3.x counts as having it.</summary>
    internal static bool HasBuiltInBlockingRule(string? informationalVersion, Version assemblyVersion)
    {
        var text = informationalVersion ?? "";
        var end = text.IndexOfAny(new[] { '+', '-' });
        if (end >= 0)
        {
            text = text.Substring(0, end);
        }

        return Version.TryParse(text, out var version)
            ? version >= new Version(3, 1, 31)
            : assemblyVersion.Major >= 3;
    }

    /// <summary>The argument for the string parameter at <paramref name="ordinal"/>, or null.</summary>
    private static IArgumentOperation? StringArgument(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && parameter.Ordinal == ordinal && parameter.Type.SpecialType == SpecialType.System_String)
            {
                return argument;
            }
        }

        return null;
    }

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, Location location, string what)
        => context.ReportDiagnostic(Diagnostic.Create(descriptor, location, what));

    internal sealed class RedisTypes
    {
        private RedisTypes(INamedTypeSymbol server, INamedTypeSymbol database, INamedTypeSymbol databaseAsync, INamedTypeSymbol options, INamedTypeSymbol multiplexer)
        {
            Server = server;
            Database = database;
            DatabaseAsync = databaseAsync;
            Options = options;
            Multiplexer = multiplexer;
        }

        public INamedTypeSymbol Server { get; }

        public INamedTypeSymbol Database { get; }

        public INamedTypeSymbol DatabaseAsync { get; }

        public INamedTypeSymbol Options { get; }

        public INamedTypeSymbol Multiplexer { get; }

        public static RedisTypes? Resolve(Compilation compilation)
        {
            var server = compilation.GetTypeByMetadataName("StackExchange.Redis.IServer");
            var database = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabase");
            var databaseAsync = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabaseAsync");
            var options = compilation.GetTypeByMetadataName("StackExchange.Redis.ConfigurationOptions");
            var multiplexer = compilation.GetTypeByMetadataName("StackExchange.Redis.ConnectionMultiplexer");
            return server is null || database is null || databaseAsync is null || options is null || multiplexer is null
                ? null
                : new RedisTypes(server, database, databaseAsync, options, multiplexer);
        }
    }
}
