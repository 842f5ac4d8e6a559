namespace GatoLink.Bench.Overhead;

/// <summary>One place a chat request can go: NodeSim directly, nginx in front of it, or a GatoLink silo.</summary>
/// <param name="Name">Label in the report; the first target is the reference the others are compared with.</param>
/// <param name="BaseUrl">Scheme, host and port, e.g. http://127.0.0.1:8080.</param>
/// <param name="Key">Bearer key (NodeSim and nginx ignore it).</param>
public sealed record BenchTarget(string Name, Uri BaseUrl, string Key)
{
    /// <summary>The chat completions route on this target.</summary>
    public Uri ChatUrl => new(BaseUrl, "/v1/chat/completions");

    /// <summary>Parses <c>name,url,key</c>.</summary>
    public static BenchTarget Parse(string value)
    {
        var parts = value.Split(',', 3);
        if (parts.Length != 3 || parts[0].Length == 0 || !Uri.TryCreate(parts[1], UriKind.Absolute, out var url))
        {
            throw new ArgumentException($"--target takes name,url,key (e.g. direct,http://127.0.0.1:8080,none), not '{value}'.");
        }

        return new BenchTarget(parts[0], url, parts[2]);
    }
}
