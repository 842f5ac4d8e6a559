namespace GatoLink.Gateway.Admin;

/// <summary>Node base URLs are kept without a trailing <c>/v1</c> or slash, so paths append cleanly.</summary>
public static class NodeUrls
{
    /// <summary>The server root of <paramref name="url"/>.</summary>
    public static Uri Normalize(Uri url)
    {
        var text = url.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (text.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^3];
        }

        return new Uri(text + "/");
    }
}
