using Xunit.Sdk;

namespace GatoLink.Integration.Tests.Infrastructure.Skipping;

/// <summary>
/// A fact that needs an external tool: when it throws <see cref="ToolMissingException"/> (through
/// <see cref="ToolMissing.Stop(string, string)"/>) it is reported skipped with the reason instead of failed. xunit 2
/// has no dynamic skip (xunit.v3's Assert.Skip; Xunit.SkippableFact does not restore here), hence this small one.
/// </summary>
[XunitTestCaseDiscoverer("GatoLink.Integration.Tests.Infrastructure.Skipping.ToolFactDiscoverer", "GatoLink.Integration.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
}
