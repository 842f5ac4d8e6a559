namespace GatoLink.NodeSim;

/// <summary>First decision about a generation request.</summary>
internal enum AdmissionOutcome
{
    /// <summary>Running or queued; await the session's admission.</summary>
    Accepted,

    /// <summary>Injected fault: answer with the fault's status.</summary>
    InjectedFailure,

    /// <summary>The waiting queue is at max_waiting: answer 503.</summary>
    QueueFull,
}
