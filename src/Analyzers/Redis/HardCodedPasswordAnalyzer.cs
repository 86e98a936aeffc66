using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS014: a Redis password written in the code, as a non-empty <c>password=</c> in a constant connection string,
/// or a non-empty constant assigned to <c>ConfigurationOptions.Password</c>. Neither the string nor the password goes
/// into the diagnostic.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedPasswordAnalyzer : ConnectionSettingAnalyzer
{
    private protected override DiagnosticDescriptor Rule => Descriptors.RedisHardCodedPassword;

    private protected override string OptionsProperty => "Password";

    private protected override string AssignmentText => "This 'Password' assignment";

    private protected override bool IsReported(string connectionString) => !string.IsNullOrEmpty(ConnectionStrings.LastValue(connectionString, "password"));

    private protected override bool IsReported(object? assigned) => assigned is string { Length: > 0 };
}
