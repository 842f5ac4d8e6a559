namespace GatoLink.Cli.Config;

/// <summary>The config file's contents: named profiles.</summary>
public sealed record ProfileFile(Dictionary<string, SavedProfile> Profiles);
