namespace GatoLink.Cli.Config;

/// <summary>What a command presents to the silo as its Bearer token: an admin key, or an access token of a sign-in.</summary>
public interface IBearerCredential
{
    /// <summary>What it is, for messages ("admin key", "sign-in").</summary>
    string Kind { get; }

    /// <summary>The token to send now (a sign-in renews an expired access token first, when it can).</summary>
    ValueTask<string> TokenAsync(CancellationToken ct);
}
