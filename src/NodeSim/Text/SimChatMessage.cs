namespace GatoLink.NodeSim;

/// <summary>One chat message as the simulated chat template sees it.</summary>
public readonly record struct SimChatMessage(string Role, string Content);
