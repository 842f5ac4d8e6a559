namespace GatoLink.NodeSim;

/// <summary>Which OpenAI surface a generation request came through.</summary>
internal enum GenerationKind
{
    Chat,
    Completion,
}
