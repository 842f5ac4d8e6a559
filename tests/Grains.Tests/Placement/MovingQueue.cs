using System.Reflection;
using GatoLink.Grains.Abstractions.Models;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>
/// A grain factory whose model queue lived on a silo that just died: the first <c>WaitTurn</c> is rejected as Orleans
/// rejects a call to a dead silo, later ones reach the queue's next activation and get the turn at once.
/// </summary>
public class MovingQueue : DispatchProxy
{
    private int _waits;

    /// <summary>How many times a request asked for its turn.</summary>
    public int Waits => Volatile.Read(ref _waits);

    /// <summary>The factory and the queue it hands out.</summary>
    public static (IGrainFactory Factory, MovingQueue Queue) Create()
    {
        var queue = Create<IModelGrain, MovingQueue>();
        var factory = Create<IGrainFactory, FactoryOf>();
        ((FactoryOf)(object)factory).Queue = queue;
        return (factory, (MovingQueue)(object)queue);
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IModelGrain.WaitTurn) => Interlocked.Increment(ref _waits) == 1
            ? Task.FromException<QueueTurn>(new SiloUnavailableException("The silo of the queue's activation is dead."))
            : Task.FromResult(QueueTurn.Granted),
        nameof(IModelGrain.Leave) => Task.CompletedTask,
        nameof(IModelGrain.Length) => Task.FromResult(0),
        _ => throw new InvalidOperationException($"Unexpected call {targetMethod?.Name}."),
    };

    /// <summary>Hands out the one queue for any grain asked for.</summary>
    public class FactoryOf : DispatchProxy
    {
        /// <summary>The queue handed out.</summary>
        public IModelGrain? Queue { get; set; }

        /// <inheritdoc />
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IGrainFactory.GetGrain) ? Queue : throw new InvalidOperationException($"Unexpected call {targetMethod?.Name}.");
    }
}
