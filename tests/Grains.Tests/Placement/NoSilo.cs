using System.Reflection;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>
/// The grain factory of a test that places without any silo: reaching a grain (the model's wait queue) fails the test
/// loudly, so a strategy test can never pass by waiting in a queue it did not mean to use.
/// </summary>
public class NoSilo : DispatchProxy
{
    /// <summary>A grain factory that refuses every call.</summary>
    public static IGrainFactory Create() => Create<IGrainFactory, NoSilo>();

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new InvalidOperationException($"This test has no silo, yet placement called {targetMethod?.Name}: it reached the model's wait queue.");
}
