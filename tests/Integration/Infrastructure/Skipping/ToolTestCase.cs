using Xunit.Abstractions;
using Xunit.Sdk;

namespace GatoLink.Integration.Tests.Infrastructure.Skipping;

/// <summary>An xunit test case whose failure by <see cref="ToolMissingException"/> is reported as skipped.</summary>
public sealed class ToolTestCase : XunitTestCase
{
    /// <summary>For xunit's deserialization only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ToolTestCase()
    {
    }

    /// <summary>Creates the test case.</summary>
    public ToolTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc />
    public override async Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        using var bus = new ToolSkipMessageBus(messageBus);
        var summary = await base.RunAsync(diagnosticMessageSink, bus, constructorArguments, aggregator, cancellationTokenSource);
        summary.Failed -= bus.Skipped;
        summary.Skipped += bus.Skipped;
        return summary;
    }
}
