using System;
using System.Collections.Immutable;
using Caching.Analyzers.Options;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// StackExchange.Redis misuse in user code: listing the keyspace (REDIS001), flushing a database or server (REDIS002),
/// a TTL set by a second command or discarded by a later SET (REDIS004), connecting with abortConnect left true (REDIS006) and
/// blocking on a Redis task (REDIS008, only when the referenced StackExchange.Redis lacks its own SER307). Quiet in a
/// compilation that does not reference StackExchange.Redis; REDIS001 and REDIS006 are quiet in test projects
/// (MSBuild <c>IsTestProject</c> true).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class RedisUsageAnalyzer : DiagnosticAnalyzer
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

            // Tests list and reset the keyspaces they own, and connect to servers they started themselves.
            var isTestProject = AnalyzerSettings.IsTestProject(start.Options);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, types, isTestProject), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, types, isTestProject), OperationKind.SimpleAssignment);

            if (!HasBuiltInBlockingRule(types.Database.ContainingAssembly))
            {
                start.RegisterOperationAction(AnalyzeBlocking, OperationKind.Invocation, OperationKind.PropertyReference);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, RedisTypes types, bool isTestProject)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return;
        }

        if (method.Name == "KeyExpire" || method.Name == "KeyExpireAsync")
        {
            var async = method.Name == "KeyExpireAsync";
            if (FindNonAtomicSet(invocation, types) is not null)
            {
                var set = async ? "StringSetAsync" : "StringSet";
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.RedisNonAtomicTtl,
                    invocation.Syntax.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, FoldShape),
                    method.Name,
                    set,
                    "is a second command: if it is lost, the key never expires; pass the expiry to '" + set + "' instead"));
                return;
            }

            if (FindNonAtomicHashSet(invocation, types) is not null)
            {
                var hsetex = AnalyzerSettings.ServerVersion(context.Options, invocation.Syntax.SyntaxTree) is { Major: >= 8 }
                    ? ", or set field TTLs with 'HashFieldSetAndSetExpiry' (HSETEX, Redis 8.0+)"
                    : "";
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.RedisNonAtomicTtl,
                    invocation.Syntax.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, HashShape),
                    method.Name,
                    async ? "HashSetAsync" : "HashSet",
                    "is a second command: if it is lost, the key never expires; run HSET and EXPIRE in one Lua script (ScriptEvaluate)" + hsetex));
                return;
            }
        }

        if ((method.Name == "StringSet" || method.Name == "StringSetAsync") && FindDiscardedExpire(invocation, types, types.Expiration) is { } expire)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RedisNonAtomicTtl,
                invocation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, DiscardedShape),
                method.Name,
                expire,
                "discards the TTL '" + expire + "' set, so the key never expires; pass the expiry to '" + method.Name + "' and remove the '" + expire + "'"));
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, types.Server))
        {
            switch (method.Name)
            {
                case "Keys":
                case "KeysAsync":
                    if (!isTestProject)
                    {
                        Report(context, Descriptors.RedisKeyspaceEnumeration, invocation.Syntax.GetLocation(), "IServer." + method.Name);
                    }

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
                if (!isTestProject)
                {
                    Report(context, Descriptors.RedisKeyspaceEnumeration, command.Value.Syntax.GetLocation(), text);
                }
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
            && !isTestProject
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

    private static void AnalyzeAssignment(OperationAnalysisContext context, RedisTypes types, bool isTestProject)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (!isTestProject
            && assignment.Target is IPropertyReferenceOperation { Property: { Name: "AbortOnConnectFail" } property }
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
        private RedisTypes(INamedTypeSymbol server, INamedTypeSymbol database, INamedTypeSymbol databaseAsync, INamedTypeSymbol options, INamedTypeSymbol multiplexer, INamedTypeSymbol? expiration)
        {
            Expiration = expiration;
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

        /// <summary><c>StackExchange.Redis.Expiration</c>, absent before 2.13.</summary>
        public INamedTypeSymbol? Expiration { get; }

        public static RedisTypes? Resolve(Compilation compilation)
        {
            var server = compilation.GetTypeByMetadataName("StackExchange.Redis.IServer");
            var database = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabase");
            var databaseAsync = compilation.GetTypeByMetadataName("StackExchange.Redis.IDatabaseAsync");
            var options = compilation.GetTypeByMetadataName("StackExchange.Redis.ConfigurationOptions");
            var multiplexer = compilation.GetTypeByMetadataName("StackExchange.Redis.ConnectionMultiplexer");
            return server is null || database is null || databaseAsync is null || options is null || multiplexer is null
                ? null
                : new RedisTypes(server, database, databaseAsync, options, multiplexer, compilation.GetTypeByMetadataName("StackExchange.Redis.Expiration"));
        }
    }
}
