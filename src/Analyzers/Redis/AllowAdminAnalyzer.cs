using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS019: admin commands enabled for the application's multiplexer, by <c>allowAdmin=true</c> in a constant
/// connection string, or by assigning the constant <c>true</c> to <c>ConfigurationOptions.AllowAdmin</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AllowAdminAnalyzer : ConnectionSettingAnalyzer
{
    private protected override DiagnosticDescriptor Rule => Descriptors.RedisAllowAdmin;

    private protected override string OptionsProperty => "AllowAdmin";

    private protected override string AssignmentText => "'AllowAdmin = true'";

    private protected override bool IsReported(string connectionString) => ConnectionStrings.IsTrue(connectionString, "allowAdmin");

    private protected override bool IsReported(object? assigned) => assigned is true;
}
