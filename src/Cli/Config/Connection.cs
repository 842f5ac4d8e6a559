namespace GatoLink.Cli.Config;

/// <summary>Where the silo is and what to present to it. <see cref="ToString"/> never shows the credential.</summary>
/// <param name="Url">The silo root, ending in a slash so API paths append to it.</param>
/// <param name="Credential">The admin key or sign-in (a secret).</param>
public sealed record Connection(Uri Url, IBearerCredential Credential)
{
    /// <summary>The URL only.</summary>
    public override string ToString() => Url.ToString();

    /// <summary>The silo root for <paramref name="text"/>, or null when it is not an absolute http(s) URL.</summary>
    public static Uri? ParseUrl(string? text)
    {
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var root = url.GetLeftPart(UriPartial.Path);
        return new Uri(root.EndsWith('/') ? root : root + "/");
    }
}
