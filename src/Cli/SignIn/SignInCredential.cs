using GatoLink.Cli.Config;

namespace GatoLink.Cli.SignIn;

/// <summary>
/// A saved sign-in as a Bearer credential: the access token while it is valid; once it has expired (or is about to),
/// a new one from the refresh token, saved back to the profile; without one, a <see cref="SignInException"/> that
/// says to sign in again.
/// </summary>
public sealed class SignInCredential : IBearerCredential
{
    /// <summary>How long before its expiry a token counts as expired (a request must not arrive just after it).</summary>
    public static readonly TimeSpan ExpirySkew = TimeSpan.FromSeconds(30);

    private readonly Uri _url;
    private readonly ProfileStore _store;
    private readonly string _profileName;
    private readonly TimeProvider _time;
    private SavedSignIn _signIn;

    /// <summary>The sign-in saved in profile <paramref name="profileName"/> for the silo at <paramref name="url"/>.</summary>
    public SignInCredential(Uri url, SavedSignIn signIn, ProfileStore store, string profileName, TimeProvider time)
    {
        _url = url;
        _signIn = signIn;
        _store = store;
        _profileName = profileName;
        _time = time;
    }

    /// <inheritdoc />
    public string Kind => "sign-in";

    /// <inheritdoc />
    public async ValueTask<string> TokenAsync(CancellationToken ct)
    {
        if (_signIn.ExpiresAt is not { } expiresAt || _time.GetUtcNow() < expiresAt - ExpirySkew)
        {
            return _signIn.AccessToken;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var renewed = await new DeviceCodeSignIn(http, _time).RefreshAsync(_signIn, ct)
            ?? throw new SignInException($"your sign-in for {_url} has expired and cannot be renewed: run 'gatolink-admin login --oidc --url {_url}'.");
        _signIn = renewed;
        _store.Save(_profileName, new SavedProfile(_url.ToString(), Key: null, renewed));
        return renewed.AccessToken;
    }

    /// <inheritdoc />
    public override string ToString() => Kind;
}
