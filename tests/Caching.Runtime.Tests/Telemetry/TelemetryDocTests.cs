using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Caching.Runtime.Tests.Telemetry;

/// <summary>docs/operations.md lists every instrument of the "Caching" meter in its "Metrics and traces" table.</summary>
public sealed class TelemetryDocTests
{
    [Fact]
    public void EveryInstrument_HasARowInOperationsMd()
    {
        var runtime = typeof(TelemetryDocTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RuntimeSources").Value!;
        var doc = File.ReadAllText(Path.Combine(runtime, "..", "..", "docs", "operations.md"));
        var instruments = typeof(CachingTelemetry).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name is not (nameof(CachingTelemetry.MeterName) or nameof(CachingTelemetry.ActivitySourceName)))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(7, instruments.Count);
        foreach (var name in instruments)
        {
            Assert.Contains($"| `{name}` | ", doc, System.StringComparison.Ordinal);
        }
    }
}
