namespace GatoLink.NodeSim;

/// <summary>Parsed command line.</summary>
internal sealed record CliSettings(NodeSimOptions Options, string Host, int Port, bool ShowHelp)
{
    public string Url => $"http://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";
}
