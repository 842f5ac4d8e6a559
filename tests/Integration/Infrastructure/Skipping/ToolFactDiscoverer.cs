using Xunit.Abstractions;
using Xunit.Sdk;

namespace GatoLink.Integration.Tests.Infrastructure.Skipping;

/// <summary>Makes a <see cref="ToolTestCase"/> of each <see cref="ToolFactAttribute"/> method.</summary>
public sealed class ToolFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;

    /// <summary>Created by xunit.</summary>
    public ToolFactDiscoverer(IMessageSink diagnosticMessageSink) => _diagnostics = diagnosticMessageSink;

    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new ToolTestCase(_diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}
