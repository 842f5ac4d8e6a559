namespace GatoLink.NodeSim;

/// <summary>How a session ended; decides which counter it moves.</summary>
internal enum SessionEnd
{
    None,
    Completed,
    Cancelled,
    Failed,
}
