namespace GatoLink.NodeSim;

/// <summary>Result of <see cref="NodeSimEngine.Start"/>: a session when accepted, else the status to answer with.</summary>
internal readonly record struct StartResult(AdmissionOutcome Outcome, GenerationSession? Session, int FailStatus);
