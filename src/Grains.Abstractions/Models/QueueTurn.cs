namespace GatoLink.Grains.Abstractions.Models;

/// <summary>How a wait in a model's cluster-wide queue ended.</summary>
public enum QueueTurn
{
    /// <summary>The request is at the head: it may place now, and must leave the queue when done.</summary>
    Granted,

    /// <summary>The queue was full: refused at once.</summary>
    Full,

    /// <summary>The wait ran out before the request's turn came.</summary>
    TimedOut,

    /// <summary>Still in line when the answer's time slice ended: ask again with the same ticket, which keeps its place.</summary>
    Waiting,
}
