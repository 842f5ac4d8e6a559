using Xunit.Abstractions;
using Xunit.Sdk;

namespace GatoLink.Integration.Tests.Infrastructure.Skipping;

/// <summary>Passes a test's messages on, turning a failure by <see cref="ToolMissingException"/> into a skip with its message as the reason.</summary>
public sealed class ToolSkipMessageBus : IMessageBus
{
    private readonly IMessageBus _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public ToolSkipMessageBus(IMessageBus inner) => _inner = inner;

    /// <summary>Failures turned into skips.</summary>
    public int Skipped { get; private set; }

    /// <inheritdoc />
    public bool QueueMessage(IMessageSinkMessage message)
    {
        if (message is ITestFailed failed && failed.ExceptionTypes.FirstOrDefault() == typeof(ToolMissingException).FullName)
        {
            Skipped++;
            return _inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages.FirstOrDefault() ?? "A tool this test needs is missing."));
        }

        return _inner.QueueMessage(message);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The inner bus belongs to xunit.
    }
}
