namespace GatoLink.Silo.Hosting;

/// <summary>Which requests are the data plane's: the client APIs under <c>/v1</c>, served by the one door.</summary>
public static class DataPlane
{
    /// <summary>The data plane's path prefix.</summary>
    public const string PathPrefix = "/v1";

    /// <summary>Whether a request path is the data plane's.</summary>
    public static bool Serves(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.Ordinal);
}
