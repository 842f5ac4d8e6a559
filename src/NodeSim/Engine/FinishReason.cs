namespace GatoLink.NodeSim;

/// <summary>Why generation ended, as vLLM reports it.</summary>
internal enum FinishReason
{
    Stop,
    Length,
}
