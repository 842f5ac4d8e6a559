namespace GatoLink.Grains.Tests.Placement;

/// <summary>Recorded engine payloads under Placement/Samples.</summary>
internal static class Samples
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Placement", "Samples", name));
}
